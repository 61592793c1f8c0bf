import { bollingerPercentB } from './bollinger-percent-b';
import { contiguousRunStarts, singleRun } from './contiguous-runs';

const H = 3_600_000;
/** Rounds away the last-bit noise of √ so band positions compare exactly. */
const rounded = (xs: Float64Array) => Array.from(xs, (x) => Math.round(x * 1e12) / 1e12);

describe('bollingerPercentB', () => {
  it('matches a hand computation with the population std', () => {
    // Window [1, 2, 3, 4]: mid 2.5, population σ = √1.25; k = 2: %b = (4 − 2.5) / (4·√1.25) + 0.5 ≈ 0.835.
    const out = bollingerPercentB(new Float64Array([1, 2, 3, 4, 0]), singleRun(5), 4, 2);
    expect(Array.from(out.subarray(0, 3))).toEqual([NaN, NaN, NaN]);
    expect(out[3]).toBeCloseTo(1.5 / (4 * Math.sqrt(1.25)) + 0.5, 14);
    // Window [2, 3, 4, 0]: mid 2.25, σ² = (0.0625 + 0.5625 + 3.0625 + 5.0625) / 4 = 2.1875.
    expect(out[4]).toBeCloseTo(-2.25 / (4 * Math.sqrt(2.1875)) + 0.5, 14);
  });

  it('is 1 on the upper band, 0 on the lower band, 0.5 for a flat window', () => {
    // Window [−1, 1]: mid 0, σ = 1 → k = 1 bands at ±1.
    expect(rounded(bollingerPercentB(new Float64Array([-1, 1, -1]), singleRun(3), 2, 1))).toEqual([NaN, 1, 0]);
    expect(bollingerPercentB(new Float64Array(25).fill(3), singleRun(25))[24]).toBe(0.5);
  });

  it('restarts after a gap', () => {
    const runStart = contiguousRunStarts(new Float64Array([0, 1, 2, 7, 8, 9].map((h) => h * H)), H);
    const out = bollingerPercentB(new Float64Array([-1, 1, -1, 100, -1, 1]), runStart, 2, 1);
    expect(rounded(out)).toEqual([NaN, 1, 0, NaN, 0, 1]);
  });

  it('rejects a non-positive width', () => {
    expect(() => bollingerPercentB(new Float64Array(3), singleRun(3), 2, 0)).toThrow(/positive/);
  });
});
