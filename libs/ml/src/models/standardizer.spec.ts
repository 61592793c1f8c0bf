import { fitStandardizer, standardize } from './standardizer';

describe('fitStandardizer / standardize', () => {
  it('uses the population std of the selected rows only', () => {
    // Rows 1..4 of x hold 2, 4, 4, 6: mean 4, population variance (4 + 0 + 0 + 4)/4 = 2.
    const x = new Float64Array([1000, 2, 4, 4, 6, -1000]);
    const s = fitStandardizer([x], new Int32Array([1, 2, 3, 4]));
    expect([s.mean[0], s.scale[0]]).toEqual([4, Math.SQRT2]);
    expect(Array.from(standardize([x], new Int32Array([1, 4, 0]), s)[0])).toEqual([-2 / Math.SQRT2, 2 / Math.SQRT2, 996 / Math.SQRT2]);
  });

  it('gives a constant column scale 1 and exact zeros, even where the mean would round', () => {
    const c = new Float64Array(7).fill(0.1);
    const s = fitStandardizer([c], new Int32Array([0, 1, 2, 3, 4, 5, 6]));
    expect([s.mean[0], s.scale[0]]).toEqual([0.1, 1]);
    expect(Array.from(standardize([c], new Int32Array([0, 6]), s)[0])).toEqual([0, 0]);
  });

  it('uses scale 1 where the std overflows', () => {
    const x = new Float64Array([-1e308, 1e308]);
    const s = fitStandardizer([x], new Int32Array([0, 1]));
    expect(s.scale[0]).toBe(1);
  });

  it('rejects empty rows and non-finite values', () => {
    expect(() => fitStandardizer([new Float64Array(2)], new Int32Array(0))).toThrow(/at least one row/);
    expect(() => fitStandardizer([new Float64Array([1, NaN])], new Int32Array([0, 1]))).toThrow("row 1 has non-finite feature 'column 0'");
    expect(() => standardize([new Float64Array(1)], new Int32Array([0]), { mean: new Float64Array(2), scale: new Float64Array(2) })).toThrow(
      /1 columns, standardizer has 2/,
    );
  });
});
