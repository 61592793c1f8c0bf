import { solveSymmetricPositiveDefinite } from './cholesky';

describe('solveSymmetricPositiveDefinite', () => {
  it('solves a hand-checked 3×3 system', () => {
    // A = [[4, 2, 0], [2, 3, 1], [0, 1, 2]], x = [1, −1, 2] → b = A·x = [2, 1, 3].
    const a = new Float64Array([4, 2, 0, 2, 3, 1, 0, 1, 2]);
    const x = solveSymmetricPositiveDefinite(a, new Float64Array([2, 1, 3]));
    expect(Array.from(x!).map((v) => Number(v.toFixed(12)))).toEqual([1, -1, 2]);
  });

  it('returns null for a matrix that is not positive definite', () => {
    expect(solveSymmetricPositiveDefinite(new Float64Array([1, 2, 2, 1]), new Float64Array([1, 1]))).toBeNull();
    expect(solveSymmetricPositiveDefinite(new Float64Array([1, 1, 1, 1]), new Float64Array([1, 1]))).toBeNull();
  });

  it('validates the shape', () => {
    expect(() => solveSymmetricPositiveDefinite(new Float64Array(3), new Float64Array(2))).toThrow(/3 entries, expected 2×2/);
  });
});
