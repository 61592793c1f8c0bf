import { resolve } from 'node:path';
import { FileMarketDataSource } from '@ares/market-data';
import { computeFeatures } from '../features/feature-set';
import { candlesFrom, HOUR, randomWalkCandles, seededRandom, T0 } from '../testing/test-candles';
import { labelBalance, tripleBarrierLabels } from './triple-barrier';

// σ = 0.01, kTp = 2, kSl = 1 at close 100: upper = 100·e^0.02 ≈ 102.0201, lower = 100·e^−0.01 ≈ 99.0050.
const params = { kTp: 2, kSl: 1, horizonBars: 3 };
const sigmaOf = (n: number, s = 0.01) => new Float64Array(n).fill(s);
const opts = { timeframeMs: HOUR };

/** Row 0 enters at 100; rows 1.. are given as [high, low, close]. */
function window(rows: [number, number, number][]) {
  return candlesFrom({
    close: [100, ...rows.map((r) => r[2])],
    high: [100, ...rows.map((r) => r[0])],
    low: [100, ...rows.map((r) => r[1])],
  });
}

describe('tripleBarrierLabels', () => {
  it('labels +1 when the upper barrier is touched first, exiting at the barrier', () => {
    const c = window([
      [101, 99.5, 100.5],
      [102.1, 100, 101],
      [101, 100, 100.2],
    ]);
    const l = tripleBarrierLabels(c, sigmaOf(4), params, opts);
    expect([l.valid[0], l.label[0], l.touchIndex[0]]).toEqual([1, 1, 2]);
    expect(l.touchReturn[0]).toBe(0.02);
  });

  it('labels −1 when the lower barrier is touched first', () => {
    const c = window([
      [100.5, 99.0, 99.5],
      [103, 99.5, 102],
      [101, 100, 100.2],
    ]);
    const l = tripleBarrierLabels(c, sigmaOf(4), params, opts);
    expect([l.label[0], l.touchIndex[0], l.touchReturn[0]]).toEqual([-1, 1, -0.01]);
  });

  it('counts a bar that touches both barriers as a stop-loss (conservative)', () => {
    const c = window([
      [100.5, 99.5, 100],
      [102.5, 98.5, 101],
      [101, 100, 100.2],
    ]);
    const l = tripleBarrierLabels(c, sigmaOf(4), params, opts);
    expect([l.label[0], l.touchIndex[0], l.touchReturn[0]]).toEqual([-1, 2, -0.01]);
  });

  it('labels 0 at the vertical barrier with the log return to its close', () => {
    const c = window([
      [101, 99.5, 100.5],
      [102, 99.1, 101],
      [101.5, 100, 101.2],
    ]);
    const l = tripleBarrierLabels(c, sigmaOf(4), params, opts);
    expect([l.valid[0], l.label[0], l.touchIndex[0]]).toEqual([1, 0, 3]);
    expect(l.touchReturn[0]).toBe(Math.log(101.2 / 100));
  });

  it('labels a short: +1 at the lower barrier (its take-profit), −1 at the upper (its stop), the stop winning a tie', () => {
    // kTp = 2, kSl = 1: the short's take-profit is 100·e^−0.02 ≈ 98.02, its stop 100·e^0.01 ≈ 101.005.
    const short = { ...opts, side: 'short' as const };
    const down = window([
      [100.5, 99.5, 99.8],
      [100, 97.9, 98],
      [99, 97, 98],
    ]);
    const l = tripleBarrierLabels(down, sigmaOf(4), params, short);
    expect([l.label[0], l.touchIndex[0], l.touchReturn[0]]).toEqual([1, 2, 0.02]);
    const up = window([
      [101.1, 99.5, 101],
      [103, 99, 102],
      [101, 100, 100.2],
    ]);
    expect([tripleBarrierLabels(up, sigmaOf(4), params, short).label[0], tripleBarrierLabels(up, sigmaOf(4), params, short).touchReturn[0]]).toEqual([
      -1, -0.01,
    ]);
    const both = window([
      [101.5, 97.5, 100],
      [100, 100, 100],
      [100, 100, 100],
    ]);
    expect(tripleBarrierLabels(both, sigmaOf(4), params, short).label[0]).toBe(-1);
    // Vertical: the short's log return, the negative of the long's.
    const drift = window([
      [100.5, 99.5, 100.2],
      [100.5, 99.5, 99.9],
      [100.5, 99.5, 99.5],
    ]);
    const v = tripleBarrierLabels(drift, sigmaOf(4), params, short);
    expect([v.label[0], v.touchIndex[0]]).toEqual([0, 3]);
    expect(v.touchReturn[0]).toBe(-Math.log(99.5 / 100));
  });

  it('touching exactly at the barrier counts', () => {
    const upper = 100 * Math.exp(0.02);
    const l = tripleBarrierLabels(
      window([
        [upper, 99.9, 100],
        [100, 100, 100],
        [100, 100, 100],
      ]),
      sigmaOf(4),
      params,
      opts,
    );
    expect(l.label[0]).toBe(1);
  });

  it('scales barriers with sigma[t] and kTp/kSl', () => {
    // σ = 0.05, kTp = 1, kSl = 3: upper ≈ 105.13, lower ≈ 86.07; a move to 104 / 90 touches neither.
    const c = window([
      [104, 90, 95],
      [103, 91, 96],
      [102, 92, 97],
    ]);
    const l = tripleBarrierLabels(c, sigmaOf(4, 0.05), { kTp: 1, kSl: 3, horizonBars: 3 }, opts);
    expect([l.label[0], l.touchIndex[0]]).toEqual([0, 3]);
    expect(l.touchReturn[0]).toBe(Math.log(0.97));
  });

  it('is not labelable without a full window, with bad sigma, across a gap or a masked row', () => {
    const n = 10;
    const flat = candlesFrom({ close: Array(n).fill(100) });
    // The last h rows have no full window.
    expect(Array.from(tripleBarrierLabels(flat, sigmaOf(n), params, opts).valid)).toEqual([1, 1, 1, 1, 1, 1, 1, 0, 0, 0]);

    const sigma = sigmaOf(n);
    sigma[1] = NaN;
    sigma[2] = 0;
    sigma[3] = -0.01;
    const bad = tripleBarrierLabels(flat, sigma, params, opts);
    expect(Array.from(bad.valid.slice(0, 5))).toEqual([1, 0, 0, 0, 1]);
    expect([bad.label[1], bad.touchIndex[1], bad.touchReturn[1]]).toEqual([0, -1, NaN]);

    // A missing bar between rows 5 and 6: windows (t, t+3] that contain row 6 are not labelable.
    const gap = candlesFrom({ close: Array(n).fill(100), timestamps: Array.from({ length: n }, (_, i) => T0 + (i < 6 ? i : i + 1) * HOUR) });
    expect(Array.from(tripleBarrierLabels(gap, sigmaOf(n), params, opts).valid)).toEqual([1, 1, 1, 0, 0, 0, 1, 0, 0, 0]);

    const mask = new Uint8Array(n).fill(1);
    mask[4] = 0;
    expect(Array.from(tripleBarrierLabels(flat, sigmaOf(n), params, { ...opts, mask }).valid)).toEqual([1, 0, 0, 0, 0, 1, 1, 0, 0, 0]);
  });

  it('needs the whole window even when a barrier is touched early', () => {
    // Row 1 touches the take-profit, but row 3 lies after a gap: no label (no selection bias toward early touches).
    const c = candlesFrom({ close: [100, 103, 103, 103], timestamps: [0, 1, 2, 4].map((h) => T0 + h * HOUR) });
    expect(tripleBarrierLabels(c, sigmaOf(4), params, opts).valid[0]).toBe(0);
    const noGap = candlesFrom({ close: [100, 103, 103, 103] });
    expect(tripleBarrierLabels(noGap, sigmaOf(4), params, opts).touchIndex[0]).toBe(1);
  });

  it('a window with a non-finite price is not labelable', () => {
    const c = window([
      [101, 99.5, 100.5],
      [102.5, 100, 101],
      [NaN, 100, 100.2],
    ]);
    expect(tripleBarrierLabels(c, sigmaOf(4), params, opts).valid[0]).toBe(0);
  });

  it('depends only on close[t], sigma[t] and the bars of (t, t+h]', () => {
    const random = seededRandom(7);
    const c = randomWalkCandles(300, random);
    const sigma = sigmaOf(300, 0.01);
    const ref = tripleBarrierLabels(c, sigma, params, opts);
    for (let trial = 0; trial < 30; trial++) {
      const t = 10 + Math.floor(random() * 280);
      const altered = { ...c, high: c.high.slice(), low: c.low.slice(), close: c.close.slice() };
      for (let i = 0; i < 300; i++) {
        if (i >= t && i <= t + params.horizonBars) continue;
        altered.high[i] *= 1.5;
        altered.low[i] *= 0.5;
        if (i !== t) altered.close[i] *= 1.2;
      }
      const l = tripleBarrierLabels(altered, sigma, params, opts);
      expect([l.label[t], l.touchIndex[t], l.touchReturn[t], l.valid[t]]).toEqual([
        ref.label[t],
        ref.touchIndex[t],
        ref.touchReturn[t],
        ref.valid[t],
      ]);
    }
  });

  it('on real BTC/USDT 1h with vol_24: no label spans the 2023-03-24 gap, and all three outcomes occur', async () => {
    const c = await new FileMarketDataSource({ directory: resolve(__dirname, '../../../../data/market/binance-spot-2023') }).fetchCandles({
      exchange: 'binance',
      symbol: 'BTC/USDT',
      timeframe: '1h',
      fromMs: 0,
      toMs: 2e12,
    });
    const f = computeFeatures(c, { timeframeMs: HOUR });
    const h = 24;
    const l = tripleBarrierLabels(c, f.columns[f.names.indexOf('vol_24')], { kTp: 2, kSl: 2, horizonBars: h }, opts);
    const afterGap = c.timestamps.indexOf(Date.UTC(2023, 2, 24, 14));
    expect(c.timestamps[afterGap] - c.timestamps[afterGap - 1]).toBe(2 * HOUR);
    for (let t = afterGap - h; t < afterGap; t++) expect(l.valid[t]).toBe(0);
    for (let t = 0; t < c.length; t++) if (l.valid[t]) expect(c.timestamps[l.touchIndex[t]] - c.timestamps[t]).toBe((l.touchIndex[t] - t) * HOUR);
    const balance = labelBalance(l);
    expect(balance.valid).toBeGreaterThan(8000);
    for (const share of [balance.up, balance.down, balance.flat]) expect(share).toBeGreaterThan(0.05);
  });

  it('validates its inputs', () => {
    const c = candlesFrom({ close: [1, 2, 3] });
    expect(() => tripleBarrierLabels(c, sigmaOf(2), params, opts)).toThrow(/sigma has 2 rows, candles 3/);
    expect(() => tripleBarrierLabels(c, sigmaOf(3), { ...params, kTp: 0 }, opts)).toThrow(/kTp must be a positive number/);
    expect(() => tripleBarrierLabels(c, sigmaOf(3), { ...params, kSl: NaN }, opts)).toThrow(/kSl/);
    expect(() => tripleBarrierLabels(c, sigmaOf(3), { ...params, horizonBars: 1.5 }, opts)).toThrow(/horizonBars must be an integer >= 1/);
  });
});

describe('labelBalance', () => {
  it('gives fractions of the valid rows', () => {
    const labels = {
      label: new Int8Array([1, -1, 0, 1, 0, 0]),
      touchIndex: new Int32Array(6),
      touchReturn: new Float64Array(6),
      valid: new Uint8Array([1, 1, 1, 1, 0, 0]),
    };
    expect(labelBalance(labels)).toEqual({ up: 0.5, down: 0.25, flat: 0.25, valid: 4 });
    expect(labelBalance({ ...labels, valid: new Uint8Array(6) })).toEqual({ up: 0, down: 0, flat: 0, valid: 0 });
  });
});
