import { float32AtLeast } from './float32-threshold';

describe('float32AtLeast', () => {
  it('keeps float32 values and infinities', () => {
    for (const t of [0, 1, -1, 0.5, Math.fround(0.1), -Math.fround(1e-30), Infinity, -Infinity, 3.4028234663852886e38]) {
      expect(float32AtLeast(t)).toBe(t);
    }
  });

  it('rounds everything else up to the next float32, so float32 x < t ⇔ x < stored', () => {
    for (const t of [0.1, -0.1, 1e-300, -1e-300, 1 + 2 ** -30, -(1 + 2 ** -30), 1e-45, -3.5e38]) {
      const s = float32AtLeast(t);
      expect(Math.fround(s)).toBe(s);
      expect(s).toBeGreaterThanOrEqual(t);
      // The float32 just below s is < t: nothing float32 lies in [t, s).
      const below = new Float32Array([s]);
      const bits = new Int32Array(below.buffer);
      bits[0] += s > 0 ? -1 : 1;
      expect(s === 0 ? true : below[0] < t).toBe(true);
    }
    expect(float32AtLeast(1e-300)).toBe(2 ** -149);
    expect(Object.is(float32AtLeast(-1e-300), -0) || float32AtLeast(-1e-300) === 0).toBe(true);
  });
});
