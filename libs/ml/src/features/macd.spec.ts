import { contiguousRunStarts, singleRun } from './contiguous-runs';
import { macd } from './macd';

const H = 3_600_000;

describe('macd (normalised by close)', () => {
  it('matches a hand computation (fast 2, slow 3, signal 2)', () => {
    // EMA2 (α = 2/3): seed 6 at bar 1, then 6, 26/3, 74/9. EMA3 (α = 1/2): seed 6 at bar 2, then 8, 8.
    // Line / close: 0, (26/3 − 8)/10 = 1/15, (74/9 − 8)/8 = 1/36. Signal (α = 2/3): seed 1/30, then 2/3·1/36 + 1/3·1/30 = 4/135.
    const { line, signal, histogram } = macd(new Float64Array([4, 8, 6, 10, 8]), singleRun(5), 2, 3, 2);
    expect(Array.from(line.subarray(0, 3))).toEqual([NaN, NaN, 0]);
    expect(line[3]).toBeCloseTo(1 / 15, 15);
    expect(line[4]).toBeCloseTo(1 / 36, 15);
    expect(Array.from(signal.subarray(0, 3))).toEqual([NaN, NaN, NaN]);
    expect(signal[3]).toBeCloseTo(1 / 30, 15);
    expect(signal[4]).toBeCloseTo(4 / 135, 15);
    expect(histogram[2]).toBeNaN();
    expect(histogram[3]).toBeCloseTo(1 / 30, 15);
    expect(histogram[4]).toBeCloseTo(-1 / 540, 15);
  });

  it('is scale-free and 0 for a flat price; 12/26/9 signal first defined at bar 33', () => {
    const close = new Float64Array(Array.from({ length: 60 }, (_, i) => 100 + 10 * Math.sin(i / 5)));
    const a = macd(close, singleRun(60));
    const b = macd(
      close.map((c) => c * 1000),
      singleRun(60),
    );
    for (let i = 33; i < 60; i++) expect(b.histogram[i]).toBeCloseTo(a.histogram[i], 14);
    expect(Array.from(b.histogram.subarray(0, 33)).every(Number.isNaN)).toBe(true);
    expect(Number.isNaN(a.line[24]) && Number.isFinite(a.line[25])).toBe(true);
    expect(Number.isNaN(a.signal[32]) && Number.isFinite(a.signal[33])).toBe(true);
    const flat = macd(new Float64Array(40).fill(5), singleRun(40));
    expect([flat.line[39], flat.signal[39], flat.histogram[39]]).toEqual([0, 0, 0]);
  });

  it('restarts every EMA after a gap', () => {
    const hours = [0, 1, 2, 3, 10, 11, 12, 13];
    const runStart = contiguousRunStarts(new Float64Array(hours.map((h) => h * H)), H);
    const { line, signal } = macd(new Float64Array([1, 2, 3, 4, 50, 50, 50, 50]), runStart, 2, 3, 2);
    // After the gap the line is 0 (flat at 50) from bar slow − 1 of the run: no memory of the 1..4 ramp.
    expect(Array.from(line.subarray(4))).toEqual([NaN, NaN, 0, 0]);
    expect(Array.from(signal.subarray(4))).toEqual([NaN, NaN, NaN, 0]);
  });

  it('needs fast < slow', () => {
    expect(() => macd(new Float64Array(3), singleRun(3), 5, 5)).toThrow(/fast < slow/);
  });
});
