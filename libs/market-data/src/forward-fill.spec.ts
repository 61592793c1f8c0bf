import { forwardFillGaps } from './forward-fill';
import { allocateCandles } from './candles';

const H = 3_600_000;

describe('forwardFillGaps', () => {
  it('inserts flat, zero-volume bars at the previous close and flags them', () => {
    const candles = allocateCandles(3);
    candles.timestamps.set([0, H, 4 * H]);
    candles.open.set([1, 2, 3]);
    candles.high.set([1.5, 2.5, 3.5]);
    candles.low.set([0.5, 1.5, 2.5]);
    candles.close.set([1.2, 2.2, 3.2]);
    candles.volume.set([10, 20, 30]);
    const { candles: out, filled, insertedBars } = forwardFillGaps(candles, H);
    expect(insertedBars).toBe(2);
    expect(Array.from(out.timestamps)).toEqual([0, H, 2 * H, 3 * H, 4 * H]);
    expect(Array.from(filled)).toEqual([0, 0, 1, 1, 0]);
    expect(Array.from(out.close)).toEqual([1.2, 2.2, 2.2, 2.2, 3.2]);
    expect(Array.from(out.high)).toEqual([1.5, 2.5, 2.2, 2.2, 3.5]);
    expect(Array.from(out.volume)).toEqual([10, 20, 0, 0, 30]);
  });

  it('leaves duplicates, backward steps and off-grid steps alone', () => {
    const candles = allocateCandles(4);
    candles.timestamps.set([0, 0, H * 1.5, H]);
    expect(forwardFillGaps(candles, H).insertedBars).toBe(0);
  });
});
