import { assertFiniteRows, finiteRows } from './finite-rows';

describe('finiteRows / assertFiniteRows', () => {
  const a = new Float64Array([1, NaN, 3, 4]);
  const b = new Float64Array([1, 2, Infinity, 4]);

  it('keeps the rows where every column is finite', () => {
    expect(Array.from(finiteRows([a, b], new Int32Array([0, 1, 2, 3])))).toEqual([0, 3]);
  });

  it('names the row and the feature that is not finite', () => {
    expect(() => assertFiniteRows([a, b], ['a', 'b'], new Int32Array([0, 3]), 'fit')).not.toThrow();
    expect(() => assertFiniteRows([a, b], ['a', 'b'], new Int32Array([0, 2]), 'fit')).toThrow("fit: row 2 has non-finite feature 'b' (Infinity)");
    expect(() => assertFiniteRows([a, b], ['a', 'b'], new Int32Array([4]), 'fit')).toThrow("fit: row 4 is outside feature 'a' (4 rows)");
    expect(() => assertFiniteRows([a, b], ['a'], new Int32Array([0]), 'fit')).toThrow('fit: 2 feature columns but 1 feature names');
  });
});
