import { resolve } from 'node:path';
import { Candles, FileMarketDataSource } from '@ares/market-data';
import { candlesFrom, HOUR, randomWalkCandles, seededRandom } from '../testing/test-candles';
import { alignAsOf } from './align-as-of';
import { computeFeatures } from './feature-set';

const DATA_DIR = resolve(__dirname, '../../../../data/market/binance-spot-2023');

function copy(c: Candles): Candles {
  return {
    timestamps: c.timestamps.slice(),
    open: c.open.slice(),
    high: c.high.slice(),
    low: c.low.slice(),
    close: c.close.slice(),
    volume: c.volume.slice(),
    length: c.length,
  };
}

const bits = (column: Float64Array, end: number) => Array.from(new BigUint64Array(column.slice(0, end).buffer));

interface Flow {
  buyVolume: Float64Array;
  sellVolume: Float64Array;
  trades: Float64Array;
  openInterest: Float64Array;
}
interface FundingEvents {
  times: Float64Array;
  rates: Float64Array;
}

/** Taker buy/sell split of each bar's volume, trade counts and a random-walk open interest. */
function randomFlow(c: Candles, random: () => number): Flow {
  const flow: Flow = {
    buyVolume: new Float64Array(c.length),
    sellVolume: new Float64Array(c.length),
    trades: new Float64Array(c.length),
    openInterest: new Float64Array(c.length),
  };
  let oi = 1e6;
  for (let i = 0; i < c.length; i++) {
    const share = random();
    flow.buyVolume[i] = c.volume[i] * share;
    flow.sellVolume[i] = c.volume[i] * (1 - share);
    flow.trades[i] = 1 + Math.floor(random() * 200);
    oi *= Math.exp((random() - 0.5) * 0.02);
    flow.openInterest[i] = oi;
  }
  return flow;
}

/** Funding events every 8 h from 8 h before the first bar to after the last one. */
function fundingEvents(c: Candles, random: () => number): FundingEvents {
  const times: number[] = [];
  for (let t = c.timestamps[0] - 8 * HOUR; t <= c.timestamps[c.length - 1] + 8 * HOUR; t += 8 * HOUR) times.push(t);
  return { times: new Float64Array(times), rates: new Float64Array(times.map(() => (random() - 0.5) * 0.001)) };
}

const FULL_CANDLE_NAMES = [
  'vol_96',
  'parkinson_24',
  'garman_klass_24',
  'macd_12_26_9',
  'macd_signal_12_26_9',
  'macd_hist_12_26_9',
  'bb_pctb_20_2',
  'vwap_dist_24',
];
const EXTRA_NAMES = ['ofi', 'ofi_mean_24', 'trades_z_24', 'funding_rate', 'funding_change_24', 'oi_logchg_1', 'oi_logchg_24'];

describe('computeFeatures', () => {
  it('names the default features and their warm-up', () => {
    const f = computeFeatures(randomWalkCandles(100, seededRandom(1)), { timeframeMs: HOUR });
    expect(f.names).toEqual(['logret_1', 'logret_4', 'logret_24', 'vol_24', 'natr_14', 'rsi_14', 'volume_z_24']);
    expect(f.warmup).toBe(24);
    expect(f.columns.every((c) => c.length === 100)).toBe(true);
    // In gap-free data every feature is defined from row `warmup` on, and some feature is NaN before it.
    for (let i = 0; i < 100; i++) expect(f.columns.every((c) => Number.isFinite(c[i]))).toBe(i >= f.warmup);
  });

  it('takes configurable horizons and windows', () => {
    const f = computeFeatures(randomWalkCandles(50, seededRandom(2)), {
      timeframeMs: HOUR,
      returnHorizons: [2, 8],
      volatilityWindow: 10,
      atrPeriod: 5,
      rsiPeriod: 7,
      volumeZWindow: 12,
    });
    expect(f.names).toEqual(['logret_2', 'logret_8', 'vol_10', 'natr_5', 'rsi_7', 'volume_z_12']);
    expect(f.warmup).toBe(11);
    expect(() => computeFeatures(randomWalkCandles(5, seededRandom(2)), { timeframeMs: HOUR, returnHorizons: [1, 1] })).toThrow(/distinct/);
  });

  it("'full' keeps the core features first, bit-identical, then adds the candle features", () => {
    const c = randomWalkCandles(300, seededRandom(5));
    const core = computeFeatures(c, { timeframeMs: HOUR });
    const f = computeFeatures(c, { timeframeMs: HOUR, featureSet: 'full' });
    expect(f.names).toEqual([...core.names, ...FULL_CANDLE_NAMES]);
    core.columns.forEach((column, k) => expect(bits(f.columns[k], 300)).toEqual(bits(column, 300)));
    expect(f.warmup).toBe(96); // vol_96 needs 96 returns; the MACD signal 33 bars
    for (let i = 0; i < 300; i++) expect(f.columns.every((col) => Number.isFinite(col[i]))).toBe(i >= f.warmup);
  });

  it("'full' adds the extras-based features when their inputs are given, and ignores extras with 'core'", () => {
    const c = randomWalkCandles(300, seededRandom(6));
    const random = seededRandom(7);
    const flow = randomFlow(c, random);
    const events = fundingEvents(c, random);
    const extras = { ...flow, fundingRate: alignAsOf(events.times, events.rates, c.timestamps, HOUR) };
    const f = computeFeatures(c, { timeframeMs: HOUR, featureSet: 'full' }, extras);
    expect(f.names).toEqual([
      'logret_1',
      'logret_4',
      'logret_24',
      'vol_24',
      'natr_14',
      'rsi_14',
      'volume_z_24',
      ...FULL_CANDLE_NAMES,
      ...EXTRA_NAMES,
    ]);
    for (let i = 0; i < 300; i++) expect(f.columns.every((col) => Number.isFinite(col[i]))).toBe(i >= f.warmup);
    const ofi = f.columns[f.names.indexOf('ofi')];
    expect(ofi[10]).toBeCloseTo((flow.buyVolume[10] - flow.sellVolume[10]) / c.volume[10], 12);
    // Bar 100 closes at T0 + 101 h: the last event before that is at T0 + 96 h, index 13 (events start at T0 − 8 h).
    expect(f.columns[f.names.indexOf('funding_rate')][100]).toBe(events.rates[13]);

    const some = computeFeatures(
      c,
      { timeframeMs: HOUR, featureSet: 'full', fundingChangeBars: 8, openInterestHorizon: 4 },
      { openInterest: flow.openInterest, fundingRate: extras.fundingRate },
    );
    expect(some.names.slice(15)).toEqual(['funding_rate', 'funding_change_8', 'oi_logchg_1', 'oi_logchg_4']);
    expect(computeFeatures(c, { timeframeMs: HOUR }, extras).names).toHaveLength(7);
  });

  it('validates extras and option combinations', () => {
    const c = randomWalkCandles(50, seededRandom(8));
    const full = { timeframeMs: HOUR, featureSet: 'full' } as const;
    expect(() => computeFeatures(c, full, { buyVolume: new Float64Array(50) })).toThrow(/give both or neither/);
    expect(() => computeFeatures(c, full, { trades: new Float64Array(49) })).toThrow(/extras.trades has 49 rows, candles 50/);
    expect(() => computeFeatures(c, full, { fundingRate: [1] as unknown as Float64Array })).toThrow(/must be a Float64Array/);
    expect(() => computeFeatures(c, { ...full, longVolatilityWindow: 24 })).toThrow(/feature names collide/);
    expect(() => computeFeatures(c, { timeframeMs: HOUR, featureSet: 'all' as 'full' })).toThrow(/'core' or 'full'/);
  });

  it('natr is ATR relative to the close', () => {
    const n = 20;
    const close = Array.from({ length: n }, () => 100);
    const f = computeFeatures(candlesFrom({ close, high: close.map((c) => c + 1), low: close.map((c) => c - 1) }), { timeframeMs: HOUR });
    expect(f.columns[f.names.indexOf('natr_14')][19]).toBe(0.02);
  });

  it('treats masked rows like missing bars', () => {
    const c = randomWalkCandles(60, seededRandom(3));
    const mask = new Uint8Array(60).fill(1);
    mask[30] = 0;
    const masked = computeFeatures(c, { timeframeMs: HOUR, mask });
    const ret1 = masked.columns[0];
    expect(masked.columns.every((col) => Number.isNaN(col[30]))).toBe(true);
    expect(ret1[31]).toBeNaN(); // its previous bar is masked
    expect(ret1[32]).toBe(Math.log(c.close[32] / c.close[31]));
    expect(masked.columns.every((col) => Number.isFinite(col[31 + masked.warmup]))).toBe(true);
  });

  it('is causal over the full set with extras: changing anything after t leaves every feature at rows <= t bit-identical', () => {
    const random = seededRandom(42);
    const n = 400;
    const base = randomWalkCandles(n, random);
    // Real-world blemishes in the history: two gaps, NaN volumes, a masked row.
    for (let i = 120; i < n; i++) base.timestamps[i] += HOUR;
    for (let i = 250; i < n; i++) base.timestamps[i] += 5 * HOUR;
    base.volume[80] = NaN;
    const mask = new Uint8Array(n).fill(1);
    mask[200] = 0;
    const baseFlow = randomFlow(base, random);
    baseFlow.buyVolume[90] = NaN;
    baseFlow.openInterest[150] = NaN;
    const baseEvents = fundingEvents(base, random);
    const full = (c: Candles, flow: Flow, events: FundingEvents, m: Uint8Array) =>
      computeFeatures(
        c,
        { timeframeMs: HOUR, mask: m, featureSet: 'full' },
        { ...flow, fundingRate: alignAsOf(events.times, events.rates, c.timestamps, HOUR) },
      );
    const reference = full(base, baseFlow, baseEvents, mask);
    expect(reference.names.length).toBe(22);

    for (let trial = 0; trial < 60; trial++) {
      const t = Math.floor(random() * n);
      const altered = copy(base);
      const alteredMask = mask.slice();
      const flow: Flow = {
        buyVolume: baseFlow.buyVolume.slice(),
        sellVolume: baseFlow.sellVolume.slice(),
        trades: baseFlow.trades.slice(),
        openInterest: baseFlow.openInterest.slice(),
      };
      let shift = 0;
      for (let i = t + 1; i < n; i++) {
        if (random() < 0.05) shift += HOUR * Math.ceil(random() * 3); // new gaps after t
        altered.timestamps[i] += shift;
        const k = random() < 0.02 ? NaN : 1 + (random() - 0.5) * 0.5;
        altered.open[i] *= k;
        altered.high[i] *= 1 + random() * 0.1;
        altered.low[i] *= 1 - random() * 0.1;
        altered.close[i] *= 1 + (random() - 0.5) * 0.2;
        altered.volume[i] = random() * 1000;
        alteredMask[i] = random() < 0.05 ? 0 : 1;
        flow.buyVolume[i] = random() < 0.02 ? NaN : random() * 500;
        flow.sellVolume[i] = random() * 500;
        flow.trades[i] = Math.floor(random() * 100);
        flow.openInterest[i] *= random() < 0.02 ? 0 : 1 + (random() - 0.5) * 0.3;
      }
      // Funding events first known after bar t's close may change, vanish or appear (one exactly at its close).
      const close = base.timestamps[t] + HOUR;
      const times: number[] = [];
      const rates: number[] = [];
      baseEvents.times.forEach((time, k) => {
        if (time < close) {
          times.push(time);
          rates.push(baseEvents.rates[k]);
        }
      });
      times.push(close);
      rates.push(1);
      baseEvents.times.forEach((time) => {
        if (time < close || random() < 0.2) return;
        times.push(time + (random() < 0.3 ? 1 : 0)); // still sorted: events are 8 h apart
        rates.push((random() - 0.5) * 0.01);
      });
      const features = full(altered, flow, { times: new Float64Array(times), rates: new Float64Array(rates) }, alteredMask);
      features.columns.forEach((column, k) => {
        expect({ t, name: features.names[k], bits: bits(column, t + 1) }).toEqual({
          t,
          name: reference.names[k],
          bits: bits(reference.columns[k], t + 1),
        });
      });
    }
  });

  it('handles the real 2023-03-24 gap in BTC/USDT 1h: features restart after it, none spans it', async () => {
    const c = await new FileMarketDataSource({ directory: DATA_DIR }).fetchCandles({
      exchange: 'binance',
      symbol: 'BTC/USDT',
      timeframe: '1h',
      fromMs: 0,
      toMs: 2e12,
    });
    const f = computeFeatures(c, { timeframeMs: HOUR });
    const afterGap = c.timestamps.indexOf(Date.UTC(2023, 2, 24, 14));
    expect(c.timestamps[afterGap] - c.timestamps[afterGap - 1]).toBe(2 * HOUR);

    const complete = (i: number) => f.columns.every((col) => Number.isFinite(col[i]));
    const incomplete: number[] = [];
    for (let i = 0; i < c.length; i++) if (!complete(i)) incomplete.push(i);
    const range = (from: number, count: number) => Array.from({ length: count }, (_, k) => from + k);
    expect(incomplete).toEqual([...range(0, f.warmup), ...range(afterGap, f.warmup)]);
    const ret1 = f.columns[f.names.indexOf('logret_1')];
    expect(ret1[afterGap]).toBeNaN();
    expect(ret1[afterGap + 1]).toBe(Math.log(c.close[afterGap + 1] / c.close[afterGap]));
  });
});
