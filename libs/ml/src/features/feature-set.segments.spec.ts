import { Candles } from '@ares/market-data';
import { HOUR, randomWalkCandles, seededRandom, withGaps } from '../testing/test-candles';
import { computeFeatures, FeatureExtras } from './feature-set';

const bits = (column: Float64Array, from: number) => Array.from(new BigUint64Array(column.slice(from).buffer));

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

/** Every per-bar extra computeFeatures takes, random but plausible. */
function randomExtras(c: Candles, random: () => number): Required<FeatureExtras> {
  const n = c.length;
  const extras = {
    buyVolume: new Float64Array(n),
    sellVolume: new Float64Array(n),
    trades: new Float64Array(n),
    fundingRate: new Float64Array(n),
    openInterest: new Float64Array(n),
  };
  let oi = 1e6;
  for (let i = 0; i < n; i++) {
    const share = random();
    extras.buyVolume[i] = c.volume[i] * share;
    extras.sellVolume[i] = c.volume[i] * (1 - share);
    extras.trades[i] = 1 + Math.floor(random() * 200);
    extras.fundingRate[i] = (random() - 0.5) * 0.001;
    oi *= Math.exp((random() - 0.5) * 0.02);
    extras.openInterest[i] = oi;
  }
  return extras;
}

/** Rows right after a jump of more than one bar in the open times. */
function rowsAfterGaps(timestamps: Float64Array): number[] {
  const rows: number[] = [];
  for (let i = 1; i < timestamps.length; i++) if (timestamps[i] - timestamps[i - 1] > HOUR) rows.push(i);
  return rows;
}

describe('computeFeatures across segment boundaries (gaps)', () => {
  it('no feature value after a gap depends on any bar before it: rewriting everything before the gap changes nothing from it on', () => {
    const random = seededRandom(7);
    const base = withGaps(randomWalkCandles(3_000, random), [
      { atRow: 600, bars: 3 },
      { atRow: 1_400, bars: 33 },
      { atRow: 2_200, bars: 72 },
    ]);
    const baseExtras = randomExtras(base, random);
    const mask = new Uint8Array(base.length).fill(1);
    mask[1_000] = 0;
    const full = (c: Candles, extras: FeatureExtras, m: Uint8Array) => computeFeatures(c, { timeframeMs: HOUR, mask: m, featureSet: 'full' }, extras);
    const reference = full(base, baseExtras, mask);
    expect(reference.names.length).toBe(22);
    const gapRows = rowsAfterGaps(base.timestamps);
    expect(gapRows).toHaveLength(3);

    for (let trial = 0; trial < 30; trial++) {
      const g = gapRows[trial % gapRows.length];
      const altered = copy(base);
      const extras = Object.fromEntries(Object.entries(baseExtras).map(([name, column]) => [name, column.slice()])) as Required<FeatureExtras>;
      const alteredMask = mask.slice();
      // Everything before the gap: prices, volumes, extras, the mask, even the open times (earlier only, so the gap stays).
      let shift = 0;
      for (let i = g - 1; i >= 0; i--) {
        if (random() < 0.02) shift += HOUR * Math.ceil(random() * 5);
        altered.timestamps[i] -= shift;
        altered.open[i] *= random() < 0.01 ? NaN : 1 + (random() - 0.5) * 0.4;
        altered.close[i] *= 1 + (random() - 0.5) * 0.4;
        altered.high[i] = Math.max(altered.open[i], altered.close[i]) * (1 + random() * 0.05);
        altered.low[i] = Math.min(altered.open[i], altered.close[i]) * (1 - random() * 0.05);
        altered.volume[i] = random() * 1_000;
        alteredMask[i] = random() < 0.03 ? 0 : 1;
        extras.buyVolume[i] = random() * 500;
        extras.sellVolume[i] = random() * 500;
        extras.trades[i] = Math.floor(random() * 100);
        extras.fundingRate[i] = (random() - 0.5) * 0.01;
        extras.openInterest[i] *= 1 + (random() - 0.5) * 0.5;
      }
      const features = full(altered, extras, alteredMask);
      features.columns.forEach((column, k) => {
        expect({ g, name: features.names[k], bits: bits(column, g) }).toEqual({ g, name: reference.names[k], bits: bits(reference.columns[k], g) });
      });
    }
  });

  it.each(['core', 'full'] as const)(
    "'%s' on three years of 1h bars with gaps of hours and of days: the warm-up starts again after every gap",
    (featureSet) => {
      const gaps = [
        { atRow: 4_000, bars: 4 },
        { atRow: 11_000, bars: 33 },
        { atRow: 19_000, bars: 2 * 24 },
        { atRow: 25_000, bars: 3 * 24 },
      ];
      const c = withGaps(randomWalkCandles(3 * 8_760, seededRandom(3)), gaps);
      const f = computeFeatures(c, { timeframeMs: HOUR, featureSet });
      const complete = (i: number) => f.columns.every((col) => Number.isFinite(col[i]));
      const starts = [0, ...rowsAfterGaps(c.timestamps)];
      expect(starts).toHaveLength(gaps.length + 1);
      for (const s of starts) {
        // Rows inside the warm-up after a segment start are not usable; the row after it is.
        for (let i = s; i < s + f.warmup; i++) expect({ row: i, complete: complete(i) }).toEqual({ row: i, complete: false });
        expect(complete(s + f.warmup)).toBe(true);
      }
      let completeRows = 0;
      for (let i = 0; i < c.length; i++) completeRows += complete(i) ? 1 : 0;
      expect(completeRows).toBe(c.length - starts.length * f.warmup);
    },
  );
});
