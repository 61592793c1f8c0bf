import { Candles } from '@ares/market-data';
import { contiguousRunStarts } from '../features/contiguous-runs';
import { rollingVolatility } from '../features/rolling-volatility';
import { tripleBarrierLabels } from '../labels/triple-barrier';
import { candlesFrom, HOUR, randomWalkCandles, seededRandom } from '../testing/test-candles';
import { backtest, BacktestOptions } from './backtest';
import { maxDrawdown, perBarReturns, sharpeRatio } from './performance-metrics';

const FREE = { takerFeeBps: 0, slippageBps: 0 };
const options = (o: Partial<BacktestOptions> = {}): BacktestOptions => ({
  costs: FREE,
  barrier: { kTp: 1, kSl: 1, horizonBars: 2 },
  barsPerYear: 100,
  ...o,
});
const sig = (...v: number[]) => new Uint8Array(v);
const sigmaOf = (n: number, s = 0.01) => new Float64Array(n).fill(s);
const bits = (a: Float64Array) => Array.from(new BigUint64Array(a.slice().buffer));
// σ = 0.01, k = 1: from 100 the barriers are 100·e^0.01 ≈ 101.005 and 100·e^−0.01 ≈ 99.005.
const TP = 100 * Math.exp(0.01);
const SL = 100 * Math.exp(-0.01);

describe('backtest', () => {
  it('charges slippage and taker fee on every entry and every exit (hand-computed two trades)', () => {
    const c = candlesFrom({
      open: [100, 100, 101.2, 100, 100.1, 100.3],
      high: [100, 101.5, 101.2, 100.2, 100.4, 100.5],
      low: [100, 99.8, 100, 99.9, 100, 100.3],
      close: [100, 101.2, 100, 100.1, 100.3, 100.5],
    });
    const costs = { takerFeeBps: 10, slippageBps: 5 };
    // Trade 1: enter at close 0, take-profit in bar 1. Trade 2: enter at close 2 (signal 3 is ignored while long), vertical at close 4.
    const r = backtest(c, sigmaOf(6), sig(1, 0, 1, 1, 0, 0), 0, 6, options({ costs }));
    const buy = (1 + 0.0005) * (1 + 0.001);
    const sell = (1 - 0.0005) * (1 - 0.001);
    const net1 = (TP * sell) / (100 * buy) - 1;
    const net2 = (100.3 * sell) / (100 * buy) - 1;
    expect(r.trades.map((t) => [t.entryIndex, t.exitIndex, t.exitReason, t.entryPrice, t.exitPrice])).toEqual([
      [0, 1, 'take-profit', 100, TP],
      [2, 4, 'vertical', 100, 100.3],
    ]);
    expect(r.trades[0].grossReturn).toBeCloseTo(Math.exp(0.01) - 1, 15);
    expect(r.trades[0].netReturn).toBeCloseTo(net1, 15);
    expect(r.trades[1].grossReturn).toBeCloseTo(0.003, 15);
    expect(r.trades[1].netReturn).toBeCloseTo(net2, 15);
    // Marked at the close, costs realised at each fill.
    const expected = [1 / buy, 1 + net1, (1 + net1) / buy, ((1 + net1) * 1.001) / buy, (1 + net1) * (1 + net2), (1 + net1) * (1 + net2)];
    Array.from(r.equity).forEach((e, i) => expect(e).toBeCloseTo(expected[i], 14));
    expect(r.metrics.totalReturn).toBeCloseTo((1 + net1) * (1 + net2) - 1, 14);
    // Trade 2 gained 0.3 % gross but lost net: costs of ≈ 0.3 % per round trip ate it, so only trade 1 is a hit.
    expect(r.trades[1].grossReturn).toBeGreaterThan(0);
    expect(net2).toBeLessThan(0);
    expect([r.metrics.trades, r.metrics.hitRate, r.metrics.exposure]).toEqual([2, 0.5, 3 / 6]);
  });

  it('counts a bar that touches both barriers as a stop-loss', () => {
    const c = candlesFrom({ close: [100, 100, 100], high: [100, 102, 100], low: [100, 98, 100] });
    const [t] = backtest(c, sigmaOf(3), sig(1, 0, 0), 0, 3, options()).trades;
    expect([t.exitIndex, t.exitReason, t.exitPrice]).toEqual([1, 'stop-loss', SL]);
  });

  it('fills a stop at the open when the bar opens below it, and never credits a gap above the take-profit', () => {
    const down = candlesFrom({ open: [100, 97, 97], close: [100, 97, 97], low: [100, 96, 97], high: [100, 97.5, 97] });
    expect(backtest(down, sigmaOf(3), sig(1, 0, 0), 0, 3, options()).trades[0].exitPrice).toBe(97);
    const up = candlesFrom({ open: [100, 103, 103], close: [100, 103, 103] });
    const t = backtest(up, sigmaOf(3), sig(1, 0, 0), 0, 3, options()).trades[0];
    expect([t.exitReason, t.exitPrice]).toEqual(['take-profit', TP]);
  });

  it('hand-computed Sharpe, drawdown and exposure of the equity curve', () => {
    // Wide barriers, horizon 3: long from close 0 to the vertical exit at close 3, flat at bar 4.
    const c = candlesFrom({ close: [100, 110, 99, 108.9, 120] });
    const r = backtest(c, sigmaOf(5), sig(1, 0, 0, 0, 0), 0, 5, options({ barrier: { kTp: 50, kSl: 50, horizonBars: 3 } }));
    expect(Array.from(r.equity).map((e) => Number(e.toFixed(12)))).toEqual([1, 1.1, 0.99, 1.089, 1.089]);
    // Returns 0, .1, −.1, .1, 0: mean .02, Σ(r − mean)² = .028, sample std √.007; × √100.
    expect(r.metrics.sharpe).toBeCloseTo((0.02 / Math.sqrt(0.007)) * 10, 12);
    expect(r.metrics.maxDrawdown).toBeCloseTo(0.1, 14); // 1.1 → 0.99
    expect(r.metrics.totalReturn).toBeCloseTo(0.089, 14);
    expect(r.metrics.exposure).toBe(3 / 5);
  });

  it('compares with buy-and-hold over the same window and costs', () => {
    const c = candlesFrom({ close: [50, 100, 110, 99, 121] });
    const costs = { takerFeeBps: 10, slippageBps: 5 };
    const r = backtest(c, sigmaOf(5), sig(0, 0, 0, 0, 0), 1, 5, options({ costs }));
    const buy = 1.0005 * 1.001;
    const sell = 0.9995 * 0.999;
    expect(r.metrics.buyAndHoldReturn).toBeCloseTo((1.21 * sell) / buy - 1, 14);
    const benchmark = new Float64Array([1 / buy, 1.1 / buy, 0.99 / buy, (1.21 * sell) / buy]);
    expect(r.metrics.buyAndHoldMaxDrawdown).toBeCloseTo(0.1, 14);
    expect(r.metrics.buyAndHoldSharpe).toBeCloseTo(sharpeRatio(perBarReturns(benchmark), 100), 12);
    expect(maxDrawdown(benchmark)).toBeCloseTo(0.1, 14);
    // No signal, no trade: the strategy stays flat at 1.
    expect([r.metrics.totalReturn, r.metrics.trades, r.metrics.sharpe, r.metrics.maxDrawdown, r.metrics.hitRate]).toEqual([0, 0, 0, 0, 0]);
  });

  it('closes a position still open at the end at close[end − 1], paying exit costs', () => {
    const c = candlesFrom({ close: [100, 100.5, 100.2, 100.4] });
    const r = backtest(
      c,
      sigmaOf(4),
      sig(0, 1, 0, 0),
      0,
      3,
      options({ costs: { takerFeeBps: 10, slippageBps: 0 }, barrier: { kTp: 1, kSl: 1, horizonBars: 5 } }),
    );
    expect(r.trades.map((t) => [t.entryIndex, t.exitIndex, t.exitReason, t.exitPrice])).toEqual([[1, 2, 'end', 100.2]]);
    expect(r.equity[2]).toBeCloseTo((100.2 * 0.999) / (100.5 * 1.001), 15);
  });

  it('never enters on the last bar, a masked bar or without a usable sigma', () => {
    const c = candlesFrom({ close: [100, 100, 100, 100, 100, 100] });
    const sigma = sigmaOf(6);
    sigma[1] = NaN;
    sigma[2] = 0;
    const mask = sig(1, 1, 1, 0, 1, 1);
    const r = backtest(c, sigma, sig(0, 1, 1, 1, 0, 1), 0, 6, options({ mask }));
    expect(r.trades).toEqual([]);
    expect(Array.from(r.equity)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('ignores masked bars while long: no trigger, marked at the last trusted close, vertical exit deferred', () => {
    // Bar 2 is masked with a wild low that would stop the trade out; the vertical barrier (bar 2) moves to bar 3.
    const c = candlesFrom({ close: [100, 100.5, 50, 100.7, 100.8], low: [100, 100.5, 1, 100.7, 100.8] });
    const mask = sig(1, 1, 0, 1, 1);
    const r = backtest(c, sigmaOf(5), sig(1, 0, 0, 0, 0), 0, 5, options({ mask }));
    expect(r.trades.map((t) => [t.exitIndex, t.exitReason, t.exitPrice])).toEqual([[3, 'vertical', 100.7]]);
    const expected = [1, 1.005, 1.005, 1.007, 1.007];
    Array.from(r.equity).forEach((e, i) => expect(e).toBeCloseTo(expected[i], 14));
  });

  it('may re-enter at the close of the bar it exited in', () => {
    const c = candlesFrom({ close: [100, 102, 102, 102], high: [100, 102, 102, 102], low: [100, 100, 102, 102] });
    const r = backtest(c, sigmaOf(4), sig(1, 1, 0, 0), 0, 4, options());
    expect(r.trades.map((t) => [t.entryIndex, t.exitIndex, t.exitReason])).toEqual([
      [0, 1, 'take-profit'],
      [1, 3, 'vertical'],
    ]);
  });

  it('with zero costs and no gaps, trades exit where the triple-barrier labels say', () => {
    const c = randomWalkCandles(600, seededRandom(5));
    const sigma = rollingVolatility(c.close, contiguousRunStarts(c.timestamps, HOUR), 24);
    const barrier = { kTp: 1.5, kSl: 1, horizonBars: 12 };
    const labels = tripleBarrierLabels(c, sigma, barrier, { timeframeMs: HOUR });
    const signal = new Uint8Array(600).fill(1);
    const r = backtest(c, sigma, signal, 0, 600, options({ barrier }));
    expect(r.trades.length).toBeGreaterThan(20);
    for (const t of r.trades) {
      const e = t.entryIndex;
      if (e + barrier.horizonBars >= 600) continue; // no full label window at the end of the data
      expect(labels.valid[e]).toBe(1);
      expect([t.exitIndex, t.exitReason]).toEqual([
        labels.touchIndex[e],
        labels.label[e] === 1 ? 'take-profit' : labels.label[e] === -1 ? 'stop-loss' : 'vertical',
      ]);
      expect(Math.log(t.exitPrice / t.entryPrice)).toBeCloseTo(labels.touchReturn[e], 12);
    }
  });

  it('property: rewriting every price, sigma, signal and mask after bar t changes nothing decided up to t', () => {
    const random = seededRandom(99);
    const n = 400;
    const base = randomWalkCandles(n, random);
    const sigma = rollingVolatility(base.close, contiguousRunStarts(base.timestamps, HOUR), 24);
    const signal = new Uint8Array(n).map(() => (random() < 0.2 ? 1 : 0));
    const mask = new Uint8Array(n).map(() => (random() < 0.03 ? 0 : 1));
    const costs = { takerFeeBps: 7.5, slippageBps: 3 };
    const opts = options({ costs, barrier: { kTp: 2, kSl: 1, horizonBars: 10 }, mask });
    const start = 30;
    const end = 380;
    const reference = backtest(base, sigma, signal, start, end, opts);

    for (let trial = 0; trial < 80; trial++) {
      const t = start + Math.floor(random() * (end - start - 1));
      const altered: Candles = { ...base, open: base.open.slice(), high: base.high.slice(), low: base.low.slice(), close: base.close.slice() };
      const alteredSigma = sigma.slice();
      const alteredSignal = signal.slice();
      const alteredMask = mask.slice();
      for (let i = t + 1; i < n; i++) {
        const k = Math.exp((random() - 0.5) * 0.4);
        altered.open[i] *= k;
        altered.close[i] *= Math.exp((random() - 0.5) * 0.4);
        altered.high[i] = Math.max(altered.open[i], altered.close[i]) * (1 + random() * 0.05);
        altered.low[i] = Math.min(altered.open[i], altered.close[i]) * (1 - random() * 0.05);
        alteredSigma[i] = random() < 0.1 ? NaN : random() * 0.05;
        alteredSignal[i] = random() < 0.5 ? 1 : 0;
        alteredMask[i] = random() < 0.1 ? 0 : 1;
      }
      const r = backtest(altered, alteredSigma, alteredSignal, start, end, { ...opts, mask: alteredMask });
      // Entries decided at bars <= t: same bars, same prices.
      const entries = (x: typeof r) => x.trades.filter((tr) => tr.entryIndex <= t).map((tr) => [tr.entryIndex, tr.entryPrice]);
      expect({ t, entries: entries(r) }).toEqual({ t, entries: entries(reference) });
      // Whether a trade is entered exactly at t does not depend on the future.
      expect(r.trades.some((tr) => tr.entryIndex === t)).toBe(reference.trades.some((tr) => tr.entryIndex === t));
      // Trades finished by t are identical, and so is the equity curve up to t.
      const done = (x: typeof r) => x.trades.filter((tr) => tr.exitIndex <= t);
      expect(done(r)).toEqual(done(reference));
      expect(bits(r.equity.subarray(0, t - start + 1))).toEqual(bits(reference.equity.subarray(0, t - start + 1)));
    }
  });

  it('validates its inputs', () => {
    const c = candlesFrom({ close: [1, 2, 3] });
    expect(() => backtest(c, sigmaOf(3), sig(0, 0, 0), 2, 2, options())).toThrow('backtest window [2, 2) must be non-empty and inside the 3 candles');
    expect(() => backtest(c, sigmaOf(3), sig(0, 0, 0), 0, 4, options())).toThrow(/window \[0, 4\)/);
    expect(() => backtest(c, sigmaOf(2), sig(0, 0, 0), 0, 3, options())).toThrow(/sigma has 2 rows/);
    expect(() => backtest(c, sigmaOf(3), sig(0, 0), 0, 3, options())).toThrow(/signal has 2 rows/);
    expect(() => backtest(c, sigmaOf(3), sig(0, 0, 0), 0, 3, options({ mask: sig(1) }))).toThrow(/mask has 1 rows/);
    expect(() => backtest(c, sigmaOf(3), sig(0, 0, 0), 0, 3, options({ costs: { takerFeeBps: -1, slippageBps: 0 } }))).toThrow(/takerFeeBps/);
    expect(() => backtest(c, sigmaOf(3), sig(0, 0, 0), 0, 3, options({ barrier: { kTp: 1, kSl: 1, horizonBars: 0 } }))).toThrow(/horizonBars/);
  });
});
