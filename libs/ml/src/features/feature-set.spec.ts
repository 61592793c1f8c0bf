import { resolve } from 'node:path';
import { Candles, FileMarketDataSource } from '../../../market-data/src';
import { candlesFrom, HOUR, randomWalkCandles, seededRandom } from '../testing/test-candles';
import { computeFeatures } from './feature-set';

const DATA_DIR = resolve(__dirname, '../../../../data/market/binance-spot-2023');

function copy(c: Candles): Candles {
  return {
    timestamps: c.timestamps.slice(), open: c.open.slice(), high: c.high.slice(),
    low: c.low.slice(), close: c.close.slice(), volume: c.volume.slice(), length: c.length,
  };
}

const bits = (column: Float64Array, end: number) => Array.from(new BigUint64Array(column.slice(0, end).buffer));

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
      timeframeMs: HOUR, returnHorizons: [2, 8], volatilityWindow: 10, atrPeriod: 5, rsiPeriod: 7, volumeZWindow: 12,
    });
    expect(f.names).toEqual(['logret_2', 'logret_8', 'vol_10', 'natr_5', 'rsi_7', 'volume_z_12']);
    expect(f.warmup).toBe(11);
    expect(() => computeFeatures(randomWalkCandles(5, seededRandom(2)), { timeframeMs: HOUR, returnHorizons: [1, 1] })).toThrow(/distinct/);
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

  it('is causal: changing anything after t leaves every feature at rows <= t bit-identical', () => {
    const random = seededRandom(42);
    const n = 400;
    const base = randomWalkCandles(n, random);
    // Real-world blemishes in the history: two gaps, a NaN volume, a masked row.
    for (let i = 120; i < n; i++) base.timestamps[i] += HOUR;
    for (let i = 250; i < n; i++) base.timestamps[i] += 5 * HOUR;
    base.volume[80] = NaN;
    const mask = new Uint8Array(n).fill(1);
    mask[200] = 0;
    const reference = computeFeatures(base, { timeframeMs: HOUR, mask });

    for (let trial = 0; trial < 60; trial++) {
      const t = Math.floor(random() * n);
      const altered = copy(base);
      const alteredMask = mask.slice();
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
      }
      const features = computeFeatures(altered, { timeframeMs: HOUR, mask: alteredMask });
      features.columns.forEach((column, k) => {
        expect({ t, name: features.names[k], bits: bits(column, t + 1) }).toEqual({ t, name: reference.names[k], bits: bits(reference.columns[k], t + 1) });
      });
    }
  });

  it('handles the real 2023-03-24 gap in BTC/USDT 1h: features restart after it, none spans it', async () => {
    const c = await new FileMarketDataSource({ directory: DATA_DIR }).fetchCandles({
      exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', fromMs: 0, toMs: 2e12,
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
