import { allocateCandles, assertCandlesShape, Candles, isoTime, sliceByTime } from './candles';

function candlesAt(timestamps: number[]): Candles {
  const c = allocateCandles(timestamps.length);
  timestamps.forEach((t, i) => {
    c.timestamps[i] = t;
    c.close[i] = i;
  });
  return c;
}

describe('candles', () => {
  it('sliceByTime keeps [from, to) in the original order, without sorting or deduping', () => {
    const c = candlesAt([10, 30, 20, 20, 40, 5]);
    const s = sliceByTime(c, 20, 40);
    expect(s.length).toBe(3);
    expect(Array.from(s.timestamps)).toEqual([30, 20, 20]);
    expect(Array.from(s.close)).toEqual([1, 2, 3]);
  });

  it('sliceByTime of an empty range is empty', () => {
    expect(sliceByTime(candlesAt([1, 2, 3]), 2, 2).length).toBe(0);
  });

  it('assertCandlesShape names the column of the wrong length', () => {
    const c = candlesAt([1, 2]);
    c.volume = new Float64Array(1);
    expect(() => assertCandlesShape(c)).toThrow(/Candles.volume has 1 elements, expected 2/);
  });

  it('isoTime does not throw on invalid input', () => {
    expect(isoTime(1679662800000)).toBe('2023-03-24T13:00:00.000Z');
    expect(isoTime(NaN)).toBe('invalid(NaN)');
  });
});
