import { alignAsOf } from './align-as-of';

const H = 3_600_000;
const f64 = (xs: number[]) => new Float64Array(xs);
const hours = (xs: number[]) => f64(xs.map((h) => h * H));

describe('alignAsOf', () => {
  // Funding events at 00:00, 08:00, 16:00 with rates a, b, c; hourly bars.
  const eventTimes = hours([0, 8, 16]);
  const rates = f64([0.1, 0.2, 0.3]);

  it('gives each bar the last event before its close, NaN before the first event', () => {
    // The bar opening at h closes at h + 1, so the 08:00 event is first known at the 08:00 bar (closing 09:00).
    const bars = hours([-2, -1, 0, 6, 7, 8, 15, 16, 40]);
    expect(Array.from(alignAsOf(eventTimes, rates, bars, H))).toEqual([NaN, NaN, 0.1, 0.1, 0.1, 0.2, 0.2, 0.3, 0.3]);
  });

  it("treats an event stamped exactly at the close as the next bar's (no leak), one a millisecond earlier as known", () => {
    expect(alignAsOf(eventTimes, rates, hours([7]), H)[0]).toBe(0.1); // 07:00 bar closes at 08:00: strict <
    expect(alignAsOf(f64([8 * H - 1]), f64([0.9]), hours([7]), H)[0]).toBe(0.9);
    expect(alignAsOf(f64([8 * H]), f64([0.9]), hours([7]), H)[0]).toBeNaN();
  });

  it('handles unsorted and repeated bar times, and ties between events (the later row wins)', () => {
    const bars = hours([20, 3, 3, 9, 0]);
    expect(Array.from(alignAsOf(eventTimes, rates, bars, H))).toEqual([0.3, 0.1, 0.1, 0.2, 0.1]);
    expect(alignAsOf(hours([1, 1]), f64([5, 6]), hours([1]), H)[0]).toBe(6);
  });

  it('turns values older than maxAgeMs at the close into NaN', () => {
    const bars = hours([0, 7, 8, 15]);
    // At the 07:00 bar's close (08:00) the 00:00 event is 8 h old, allowed at 8 h, not at 7 h.
    expect(Array.from(alignAsOf(eventTimes, rates, bars, H, 8 * H))).toEqual([0.1, 0.1, 0.2, 0.2]);
    expect(Array.from(alignAsOf(eventTimes, rates, bars, H, 7 * H))).toEqual([0.1, NaN, 0.2, NaN]);
  });

  it("is causal: events at or after a bar's close do not change it", () => {
    const bars = hours(Array.from({ length: 48 }, (_, i) => i));
    const reference = alignAsOf(eventTimes, rates, bars, H);
    const later = alignAsOf(hours([0, 8, 9.5, 16, 30]), f64([0.1, 0.2, 7, 8, 9]), bars, H);
    // The event at 09:30 is first known at the close of the 09:00 bar (10:00).
    expect(Array.from(later.subarray(0, 9))).toEqual(Array.from(reference.subarray(0, 9)));
    expect(later[9]).toBe(7);
  });

  it('handles no events and no bars, and validates its inputs', () => {
    expect(Array.from(alignAsOf(f64([]), f64([]), hours([1, 2]), H))).toEqual([NaN, NaN]);
    expect(alignAsOf(eventTimes, rates, f64([]), H).length).toBe(0);
    expect(() => alignAsOf(hours([8, 0]), f64([1, 2]), hours([1]), H)).toThrow(/sorted ascending/);
    expect(() => alignAsOf(hours([0]), f64([1, 2]), hours([1]), H)).toThrow(/eventTimes has 1 rows, eventValues 2/);
    expect(() => alignAsOf(hours([0]), f64([1]), hours([1]), 0)).toThrow(/barMs must be a positive number/);
  });
});
