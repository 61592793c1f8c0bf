#!/usr/bin/python3
"""numpy peer of Ares' probabilityOfBacktestOverfitting (libs/stats), for bench/stats-pbo.ts.

CSCV (Bailey, Borwein, Lopez de Prado & Zhu) with Ares' conventions: the oldest T mod S rows dropped, S equal
blocks, the C(S, S/2) in-sample block sets in lexicographic order (itertools.combinations), 'sharpe' = mean /
sample std (ddof 1) of the half's rows, or 'mean'; the in-sample best is the lowest index among ties (argmax);
its out-of-sample rank is the average rank among ties, omega = r / (N + 1), logit = ln(r / (N + 1 - r)),
PBO = share of logits <= 0. Sums are of r - (the trial's mean) for 'sharpe', and a half whose variance is within
rounding of 0 (var <= 1e-6 of its mean square) is checked block by block for being constant, which scores 0.

Vectorised: block sums (S x N) once; in-sample sums of every split = the (C x S) 0/1 block matrix @ block sums
(BLAS), out-of-sample = totals - in-sample. Two rankings of the out-of-sample scores, timed separately:
  count     below + (ties + 1) / 2 for the in-sample best only, by broadcasting comparisons (C x N)
  rankdata  scipy.stats.rankdata(method='average', axis=1) of the whole (C x N) matrix, then the best's column
            (only when python3-scipy is importable; scipy 1.10 loops over rows with apply_along_axis).

Usage: stats_pbo.py <returns.bin> <trials> <rows> <partitions> <metric> <rounds> <logits-out.bin>
(returns: float64 little-endian, trial after trial). Writes the count variant's logits (float64 LE) and prints one
JSON line (the last): {numpy, scipy, pbo, ms, runsMs, rankdataMs, rankdataRunsMs, rankdataSame}.
"""
import json
import sys
from itertools import combinations

import numpy as np

from bench_stats import best_of  # beside this script, which Python puts on sys.path

try:
    import scipy
    from scipy.stats import rankdata
except ImportError:  # the count ranking needs numpy only
    scipy = None
    rankdata = None

CONSTANT_GATE = 1e-6


def prepare(returns, partitions, metric):
    """Block sums (S x N) of the shifted returns, block constants (value or NaN) and the combination matrices."""
    trials, rows = returns.shape
    dropped = rows % partitions
    length = (rows - dropped) // partitions
    kept = returns[:, dropped:]
    shift = kept.mean(axis=1) if metric == 'sharpe' else np.zeros(trials)
    raw_blocks = kept.reshape(trials, partitions, length)
    blocks = raw_blocks - shift[:, None, None]
    block_sum = blocks.sum(axis=2).T.copy()
    block_sq = np.einsum('nbl,nbl->bn', blocks, blocks)
    low = raw_blocks.min(axis=2).T
    constant = np.where(low == raw_blocks.max(axis=2).T, low, np.nan)
    half = partitions // 2
    chosen = np.array(list(combinations(range(partitions), half)), dtype=np.intp)
    member = np.zeros((len(chosen), partitions))
    member[np.arange(len(chosen))[:, None], chosen] = 1.0
    others = np.nonzero(member == 0)[1].reshape(len(chosen), partitions - half)
    return block_sum, block_sq, constant, shift, member, chosen, others, half * length


def constant_over(constant, blocks, split_index, trial_index):
    """Whether each (split, trial) cell's returns are one value over the given blocks of its split."""
    values = constant[blocks[split_index], trial_index[:, None]]
    return ~np.isnan(values).any(axis=1) & (values == values[:, :1]).all(axis=1)


def sharpe(sums, squares, m, shift, constant, blocks):
    if m < 2:
        return np.zeros_like(sums)
    # The same operations as the TypeScript side (× 1/m, × 1/(m − 1)), so scores agree to the last bit or nearly.
    mean = sums * (1.0 / m)
    variance = sums * mean
    np.subtract(squares, variance, out=variance)
    variance *= 1.0 / (m - 1)
    # Only decides where to look for constant halves: elsewhere both branches give the same score.
    gate = ~(variance > (CONSTANT_GATE / m) * squares)
    with np.errstate(invalid='ignore', divide='ignore'):
        score = np.add(mean, shift, out=mean)
        score /= np.sqrt(variance)
    if gate.any():
        s, n = np.nonzero(gate)
        flat = constant_over(constant, blocks, s, n)
        v = variance[s, n]
        small = np.where(v > 0, score[s, n], 0.0)
        score[s, n] = np.where(flat, 0.0, small)
    return score


def scores(prepared, metric):
    block_sum, block_sq, constant, shift, member, chosen, others, m = prepared
    in_sum = member @ block_sum
    out_sum = block_sum.sum(axis=0) - in_sum
    if metric == 'mean':
        return in_sum / m, out_sum / m
    in_sq = member @ block_sq
    out_sq = block_sq.sum(axis=0) - in_sq
    return sharpe(in_sum, in_sq, m, shift, constant, chosen), sharpe(out_sum, out_sq, m, shift, constant, others)


def finish(rank, trials):
    logits = np.log(rank / (trials + 1 - rank))
    return np.count_nonzero(logits <= 0) / len(logits), logits


def pbo_count(returns, partitions, metric):
    in_score, out_score = scores(prepare(returns, partitions, metric), metric)
    best = in_score.argmax(axis=1)
    target = out_score[np.arange(len(best)), best][:, None]
    rank = (out_score < target).sum(axis=1) + ((out_score == target).sum(axis=1) + 1) / 2
    return finish(rank, returns.shape[0])


def pbo_rankdata(returns, partitions, metric):
    in_score, out_score = scores(prepare(returns, partitions, metric), metric)
    best = in_score.argmax(axis=1)
    rank = rankdata(out_score, method='average', axis=1)[np.arange(len(best)), best]
    return finish(rank, returns.shape[0])


def main():
    path, trials, rows, partitions, metric, rounds, logits_out = sys.argv[1:8]
    trials, rows, partitions, rounds = int(trials), int(rows), int(partitions), int(rounds)
    returns = np.fromfile(path, dtype='<f8')
    assert returns.size == trials * rows, f'{path}: {returns.size} values, expected {trials * rows}'
    returns = returns.reshape(trials, rows)
    ms, runs, (pbo, logits) = best_of(rounds, lambda: pbo_count(returns, partitions, metric))
    logits.astype('<f8').tofile(logits_out)
    report = {'numpy': np.__version__, 'scipy': scipy.__version__ if scipy else None, 'pbo': pbo, 'ms': ms, 'runsMs': runs}
    if rankdata is not None:
        rd_ms, rd_runs, (rd_pbo, rd_logits) = best_of(rounds, lambda: pbo_rankdata(returns, partitions, metric))
        report.update(rankdataMs=rd_ms, rankdataRunsMs=rd_runs, rankdataSame=bool(rd_pbo == pbo and np.array_equal(rd_logits, logits)))
    print(json.dumps(report))


if __name__ == '__main__':
    main()
