#!/usr/bin/python3
"""pandas/numpy peer of Ares' 'full' feature set (libs/ml/src/features), for bench/features.bench.ts.

Same definitions, written the way a pandas user would: vectorised columns, rolling windows, groupby-ewm for
the recursive smoothers, merge_asof for funding. Gap semantics match Ares: a run breaks where the step between
bar open times is not one timeframe; no window, shift or smoother reaches across a break (rolling results are
masked by position in the run; recursive ones are computed per run). The synthetic data has no NaNs or masks,
so Ares' restart-after-NaN rule needs no counterpart here.

Usage: features_pandas.py <dir> [rounds]. Reads <dir>/market.{json,bin}; writes <dir>/pandas.bin (features,
float64 LE, column after column) and prints one JSON line: names, timings (best of `rounds`), versions.
"""
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench_stats import best_of  # beside this script, which Python puts on sys.path

LN2 = np.log(2.0)


def contiguous_runs(ts, timeframe_ms):
    """Run id and position in the run of every bar (a run breaks where the step is not one timeframe)."""
    brk = np.ones(len(ts), dtype=bool)
    brk[1:] = np.diff(ts) != timeframe_ms
    idx = np.arange(len(ts))
    start = np.maximum.accumulate(np.where(brk, idx, 0))
    return np.cumsum(brk), idx - start


def seeded_smooth(x, run, pos, seed_pos, period, alpha):
    """Per-run recursive smoothing y = α·x + (1 − α)·y, seeded at `seed_pos` with the mean of the last `period` values (TA-Lib)."""
    seed = x.rolling(period).mean()
    s = x.where(pos > seed_pos).mask(pos == seed_pos, seed)
    return s.groupby(run).ewm(alpha=alpha, adjust=False).mean().droplevel(0)


def log_change(x, pos, h):
    prev = x.shift(h)
    return np.log(x / prev).where((pos >= h) & (x > 0) & (prev > 0))


def zscore(x, pos, w):
    mean = x.rolling(w).mean()
    std = x.rolling(w).std()
    return ((x - mean) / std).mask(std == 0, 0.0).where(pos >= w - 1)


def features(bars, funding, timeframe_ms, with_extras):
    ts = bars['timestamps']
    run, pos = contiguous_runs(ts, timeframe_ms)
    o, h, l, c, v = (pd.Series(bars[k]) for k in ('open', 'high', 'low', 'close', 'volume'))
    out = {}

    ret1 = log_change(c, pos, 1)
    for k in (1, 4, 24):
        out[f'logret_{k}'] = ret1 if k == 1 else log_change(c, pos, k)
    out['vol_24'] = ret1.rolling(24).std()  # ret1 is NaN at each run's first bar, so no window spans a gap

    prev_close = c.shift(1).where(pos >= 1)
    tr = np.maximum(h - l, np.maximum((h - prev_close).abs(), (l - prev_close).abs()))  # NaN-propagating, like Math.max
    atr = seeded_smooth(tr, run, pos, 14, 14, 1 / 14)
    out['natr_14'] = (atr / c).where(c > 0)

    change = c.diff().where(pos >= 1)
    avg_gain = seeded_smooth(change.clip(lower=0), run, pos, 14, 14, 1 / 14)
    avg_loss = seeded_smooth((-change).clip(lower=0), run, pos, 14, 14, 1 / 14)
    total = avg_gain + avg_loss
    out['rsi_14'] = (100 * avg_gain / total).mask(total == 0, 50.0)
    out['volume_z_24'] = zscore(v, pos, 24)

    out['vol_96'] = ret1.rolling(96).std()
    range2 = np.log(h / l) ** 2
    out['parkinson_24'] = np.sqrt(range2.rolling(24).mean() / (4 * LN2)).where(pos >= 23)
    gk_term = 0.5 * range2 - (2 * LN2 - 1) * np.log(c / o) ** 2
    out['garman_klass_24'] = np.sqrt(gk_term.rolling(24).mean().clip(lower=0)).where(pos >= 23)

    ema_fast = seeded_smooth(c, run, pos, 11, 12, 2 / 13)
    ema_slow = seeded_smooth(c, run, pos, 25, 26, 2 / 27)
    line = (ema_fast - ema_slow) / c
    signal = seeded_smooth(line, run, pos, 25 + 8, 9, 2 / 10)
    out['macd_12_26_9'] = line
    out['macd_signal_12_26_9'] = signal
    out['macd_hist_12_26_9'] = line - signal

    mid = c.rolling(20).mean()
    sigma = c.rolling(20).std(ddof=0)
    out['bb_pctb_20_2'] = ((c - mid) / (4 * sigma) + 0.5).mask(sigma == 0, 0.5).where(pos >= 19)

    typical = (h + l + c) / 3
    volume_sum = v.rolling(24).sum()
    vwap = (typical * v).rolling(24).sum() / volume_sum
    out['vwap_dist_24'] = (c / vwap - 1).where((pos >= 23) & (volume_sum > 0))

    if with_extras:
        buy, sell = pd.Series(bars['buyVolume']), pd.Series(bars['sellVolume'])
        flow = buy + sell
        ofi = ((buy - sell) / flow).where((buy >= 0) & (sell >= 0) & (flow > 0))
        out['ofi'] = ofi
        out['ofi_mean_24'] = ofi.rolling(24).mean().where(pos >= 23)
        out['trades_z_24'] = zscore(pd.Series(bars['trades']), pos, 24)
        # The last funding event strictly before the bar's close (an event at the close instant is the next bar's).
        closes = pd.DataFrame({'close_time': (ts + timeframe_ms).astype(np.int64)})
        events = pd.DataFrame({'time': funding['times'].astype(np.int64), 'rate': funding['rates']})
        rate = pd.merge_asof(closes, events, left_on='close_time', right_on='time', allow_exact_matches=False)['rate']
        out['funding_rate'] = rate
        out['funding_change_24'] = (rate - rate.shift(24)).where(pos >= 24)
        oi = pd.Series(bars['openInterest'])
        out['oi_logchg_1'] = log_change(oi, pos, 1)
        out['oi_logchg_24'] = log_change(oi, pos, 24)
    return out


def main():
    directory = Path(sys.argv[1])
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    start = time.perf_counter()
    header = json.loads((directory / 'market.json').read_text())
    raw = np.fromfile(directory / 'market.bin', dtype='<f8')
    read_ms = (time.perf_counter() - start) * 1000
    n, m = header['rows'], header['fundingEvents']
    bars = {name: raw[k * n:(k + 1) * n] for k, name in enumerate(header['columns'])}
    offset = len(header['columns']) * n
    funding = {'times': raw[offset:offset + m], 'rates': raw[offset + m:offset + 2 * m]}
    tf = header['timeframeMs']

    candle_ms, candle_runs, _ = best_of(rounds, lambda: features(bars, funding, tf, False))
    full_ms, full_runs, out = best_of(rounds, lambda: features(bars, funding, tf, True))
    with open(directory / 'pandas.bin', 'wb') as f:
        for column in out.values():
            np.ascontiguousarray(column.to_numpy(dtype=np.float64), dtype='<f8').tofile(f)
    print(json.dumps({
        'names': list(out.keys()), 'pandasMs': full_ms, 'runsMs': full_runs, 'candleOnlyMs': candle_ms,
        'candleOnlyRunsMs': candle_runs, 'readMs': read_ms, 'pandas': pd.__version__, 'numpy': np.__version__,
    }))


if __name__ == '__main__':
    main()
