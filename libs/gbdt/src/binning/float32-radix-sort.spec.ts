import { mulberry32 } from '../random/seeded-random';
import { sortFloat32 } from './float32-radix-sort';

describe('sortFloat32', () => {
  it('sorts like TypedArray sort, signs, zeros, infinities and subnormals included', () => {
    const rng = mulberry32(7);
    const special = [0, -0, Infinity, -Infinity, 1e-42, -1e-42, 3.4e38, -3.4e38, 1, -1];
    const values = Float32Array.from({ length: 5_000 }, (_, i) =>
      i < special.length ? special[i] : (rng() - 0.5) * 10 ** Math.floor(rng() * 12 - 6),
    );
    const expected = Float32Array.from(values).sort();
    const sorted = sortFloat32(Float32Array.from(values), new Float32Array(values.length));
    expect(Array.from(sorted).map((v) => (Object.is(v, -0) ? '-0' : v))).toEqual(Array.from(expected).map((v) => (Object.is(v, -0) ? '-0' : v)));
  });

  it('handles empty and single-value input', () => {
    expect(Array.from(sortFloat32(new Float32Array(0), new Float32Array(0)))).toEqual([]);
    expect(Array.from(sortFloat32(Float32Array.of(2.5), new Float32Array(1)))).toEqual([2.5]);
  });
});
