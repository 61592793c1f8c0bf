import { tripleBarrierLabels } from '../labels/triple-barrier';
import { candlesFrom, HOUR, randomWalkCandles, seededRandom } from '../testing/test-candles';
import { backtest, BacktestOptions } from './backtest';
import { buyAndHoldEquity } from './buy-and-hold';

const FREE = { takerFeeBps: 0, slippageBps: 0 };
const options = (o: Partial<BacktestOptions> = {}): BacktestOptions => ({
  costs: FREE,
  barrier: { kTp: 1, kSl: 1, horizonBars: 3 },
  barsPerYear: 24 * 365,
  ...o,
});
const side = (...v: number[]) => new Int8Array(v);
const sigmaOf = (n: number, s = 0.01) => new Float64Array(n).fill(s);
const flat = (n: number, price = 100) => candlesFrom({ close: Array(n).fill(price) });

describe('backtest: shorts, bet sizes, funding and borrow', () => {
  it('a short takes profit at the lower barrier and stops at the upper one; a bar touching both is a stop', () => {
    const tp = 100 * Math.exp(-0.01);
    const sl = 100 * Math.exp(0.01);
    const down = candlesFrom({ close: [100, 99.5, 99], high: [100, 100, 99.5], low: [100, 99.4, 98.9] });
    const [win] = backtest(down, sigmaOf(3), side(-1, 0, 0), 0, 3, options()).trades;
    expect([win.side, win.exitIndex, win.exitReason, win.exitPrice]).toEqual(['short', 2, 'take-profit', tp]);
    expect(win.grossReturn).toBeCloseTo(1 - tp / 100, 15);
    expect(win.netReturn).toBeCloseTo(1 - tp / 100, 15);

    const both = candlesFrom({ close: [100, 100, 100], high: [100, 102, 100], low: [100, 98, 100] });
    const [stop] = backtest(both, sigmaOf(3), side(-1, 0, 0), 0, 3, options()).trades;
    expect([stop.exitReason, stop.exitPrice]).toEqual(['stop-loss', sl]);
    // A bar that opens above the stop is bought back at the open, not at the stop.
    const gapUp = candlesFrom({ open: [100, 103], close: [100, 103], high: [100, 103], low: [100, 102] });
    const [gapped] = backtest(gapUp, sigmaOf(2), side(-1, 0), 0, 2, options()).trades;
    expect([gapped.exitReason, gapped.exitPrice]).toEqual(['stop-loss', 103]);
    expect(gapped.netReturn).toBeCloseTo(-0.03, 15);
  });

  it('a short pays slippage and fee on the sale and on the buy-back (hand-computed)', () => {
    const costs = { takerFeeBps: 10, slippageBps: 5 };
    const c = candlesFrom({ close: [100, 99.8, 99.7, 99.6] });
    const r = backtest(c, sigmaOf(4, 0.05), side(-1, 0, 0, 0), 0, 4, options({ costs }));
    const [t] = r.trades;
    expect([t.exitIndex, t.exitReason]).toEqual([3, 'vertical']);
    const sell = (1 - 0.0005) * (1 - 0.001);
    const buy = (1 + 0.0005) * (1 + 0.001);
    expect(t.netReturn).toBeCloseTo(sell - (99.6 / 100) * buy, 15);
    expect(r.metrics.totalReturn).toBeCloseTo(sell - 0.996 * buy, 14);
    // Marked at the close before the buy-back's costs: after entry, equity is 1 + sell − close/entry.
    expect(r.equity[0]).toBeCloseTo(sell, 15);
    expect(r.equity[1]).toBeCloseTo(1 + sell - 0.998, 15);
    expect(r.metrics.slippagePaid).toBeCloseTo(0.0005 + 0.996 * 0.0005, 15);
    expect(r.metrics.feesPaid).toBeCloseTo(0.9995 * 0.001 + 0.996 * 1.0005 * 0.001, 15);
    expect([r.metrics.longTrades, r.metrics.shortTrades, r.metrics.longPnl]).toEqual([0, 1, 0]);
    expect(r.metrics.shortPnl).toBeCloseTo(r.metrics.totalReturn, 15);
  });

  it('commits only the bet size: half the equity at risk moves equity half as much', () => {
    const c = candlesFrom({ close: [100, 101, 102, 103] });
    const size = new Float64Array([0.5, 1, 1, 1]);
    const full = backtest(c, sigmaOf(4, 0.05), side(1, 0, 0, 0), 0, 4, options());
    const half = backtest(c, sigmaOf(4, 0.05), side(1, 0, 0, 0), 0, 4, options({ size }));
    expect(full.metrics.totalReturn).toBeCloseTo(0.03, 15);
    expect(half.metrics.totalReturn).toBeCloseTo(0.015, 15);
    expect(half.trades[0].netReturn).toBeCloseTo(0.03, 15);
    expect([half.trades[0].size, half.metrics.averageBetSize]).toEqual([0.5, 0.5]);
    // A size of 0 opens nothing; one above 1 is an error.
    expect(backtest(c, sigmaOf(4, 0.05), side(1, 0, 0, 0), 0, 4, options({ size: new Float64Array(4) })).trades).toHaveLength(0);
    expect(() => backtest(c, sigmaOf(4, 0.05), side(1, 0, 0, 0), 0, 4, options({ size: new Float64Array(4).fill(1.5) }))).toThrow(/size at bar 0/);
  });

  it('funding: a short held through one positive-rate settlement receives it, a long pays it (hand-computed)', () => {
    // Flat prices at 100, a 0.01 % settlement at bar 2 (inside the holding period of an entry at bar 0, vertical exit at bar 3).
    const c = flat(5);
    const funding = new Float64Array([0, 0, 0.0001, 0, 0]);
    const short = backtest(c, sigmaOf(5), side(-1, 0, 0, 0, 0), 0, 5, options({ funding }));
    const long = backtest(c, sigmaOf(5), side(1, 0, 0, 0, 0), 0, 5, options({ funding }));
    expect(short.metrics.fundingPaid).toBeCloseTo(-0.0001, 15);
    expect(long.metrics.fundingPaid).toBeCloseTo(0.0001, 15);
    expect(short.metrics.totalReturn).toBeCloseTo(0.0001, 15);
    expect(long.metrics.totalReturn).toBeCloseTo(-0.0001, 15);
    expect(short.trades[0].funding).toBeCloseTo(-0.0001, 15);
    // The settlement shows in the marked equity from the bar it is paid in.
    expect(Array.from(long.equity.slice(0, 4)).map((e) => +e.toFixed(6))).toEqual([1, 1, 0.9999, 0.9999]);
    // A negative rate reverses the flow.
    const negative = backtest(c, sigmaOf(5), side(1, 0, 0, 0, 0), 0, 5, options({ funding: new Float64Array([0, 0, -0.0002, 0, 0]) }));
    expect(negative.metrics.fundingPaid).toBeCloseTo(-0.0002, 15);
  });

  it('funding is charged on the notional, for the bars entry + 1 .. exit only, scaled by the bet size', () => {
    // Price doubles to 200 after entry; the settlement at bar 2 is on 2 × the committed capital.
    const c = candlesFrom({ close: [100, 200, 200, 200, 200, 200] });
    const sigma = sigmaOf(6, 2); // barriers far away: a vertical exit at bar 3
    const funding = new Float64Array([0.01, 0, 0.001, 0, 0.01, 0]);
    const r = backtest(c, sigma, side(1, 0, 0, 0, 0, 0), 0, 6, options({ funding, size: new Float64Array(6).fill(0.5) }));
    expect(r.trades[0].exitIndex).toBe(3);
    // Bar 0 (the entry bar) and bar 4 (after the exit) are not held into: only bar 2's settlement is paid.
    expect(r.metrics.fundingPaid).toBeCloseTo(0.5 * 2 * 0.001, 15);
    expect(r.metrics.totalReturn).toBeCloseTo(0.5 - 0.001, 15);
  });

  it('refuses to pretend unknown funding was zero while a position is held', () => {
    const funding = new Float64Array([0, NaN, 0, 0, 0]);
    expect(() => backtest(flat(5), sigmaOf(5), side(-1, 0, 0, 0, 0), 0, 5, options({ funding }))).toThrow(/funding is unknown at bar 1/);
    // A window after the unknown bar has nothing to charge for it (buy-and-hold over a window holding it would fail too).
    expect(backtest(flat(5), sigmaOf(5), side(0, 0, -1, 0, 0), 2, 5, options({ funding })).trades).toHaveLength(1);
    expect(() => buyAndHoldEquity(flat(5), 0, 5, FREE, undefined, funding)).toThrow(/funding is unknown at bar 1/);
  });

  it('a spot short pays borrow interest per bar held; a spot long does not', () => {
    const costs = { ...FREE, borrowBpsPerDay: 24 }; // 1 bp per 1h bar
    const short = backtest(flat(5), sigmaOf(5), side(-1, 0, 0, 0, 0), 0, 5, options({ costs }));
    expect(short.metrics.borrowPaid).toBeCloseTo(3 * 0.0001, 15);
    expect(short.metrics.totalReturn).toBeCloseTo(-3 * 0.0001, 15);
    expect(backtest(flat(5), sigmaOf(5), side(1, 0, 0, 0, 0), 0, 5, options({ costs })).metrics.borrowPaid).toBe(0);
    // On a perpetual (funding given) shorts pay funding, not borrow.
    const perpetual = backtest(flat(5), sigmaOf(5), side(-1, 0, 0, 0, 0), 0, 5, options({ costs, funding: new Float64Array(5) }));
    expect(perpetual.metrics.borrowPaid).toBe(0);
  });

  it('buy-and-hold on a perpetual pays funding too', () => {
    const funding = new Float64Array([0.001, 0.001, 0.001, 0.001]);
    const equity = buyAndHoldEquity(flat(4), 0, 4, FREE, undefined, funding);
    expect(equity[3]).toBeCloseTo(1 - 3 * 0.001, 15);
  });

  it('long and short P&L add up to the total return, and short trades exit where the short labels say', () => {
    const candles = randomWalkCandles(600, seededRandom(3));
    const sigma = sigmaOf(600, 0.02);
    const barrier = { kTp: 1, kSl: 1.5, horizonBars: 6 };
    const labels = tripleBarrierLabels(candles, sigma, barrier, { timeframeMs: HOUR, side: 'short' });
    const random = seededRandom(4);
    const signal = new Int8Array(600).map(() => (random() < 0.2 ? -1 : random() < 0.25 ? 1 : 0));
    const r = backtest(candles, sigma, signal, 0, 600, options({ barrier, costs: { takerFeeBps: 10, slippageBps: 5 } }));
    expect(r.metrics.longTrades).toBeGreaterThan(5);
    expect(r.metrics.shortTrades).toBeGreaterThan(5);
    // Equity moves only by trades' P&L, so the two sides' P&L chain to the total (per-trade, in equity units).
    expect(r.metrics.longPnl + r.metrics.shortPnl).toBeCloseTo(r.metrics.totalReturn, 12);
    for (const t of r.trades.filter((trade) => trade.side === 'short' && trade.exitReason !== 'end')) {
      expect(t.exitIndex).toBe(labels.touchIndex[t.entryIndex]);
      const outcome = t.exitReason === 'take-profit' ? 1 : t.exitReason === 'stop-loss' ? -1 : 0;
      expect(outcome).toBe(labels.label[t.entryIndex]);
    }
  });
});
