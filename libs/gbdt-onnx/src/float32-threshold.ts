const f32 = new Float32Array(1);
const bits = new Int32Array(f32.buffer);

/**
 * The smallest float32 ≥ t. For a float32 x, `x < t` ⇔ `x < float32AtLeast(t)`, so a threshold
 * that is not exactly a float32 still splits exactly as the JSON says once stored as float32
 * (plain rounding to nearest could move it below t and flip rows equal to that float32).
 */
export function float32AtLeast(t: number): number {
  const r = Math.fround(t);
  if (r >= t || Number.isNaN(t)) return r;
  if (r === 0) return 2 ** -149; // ±0 < t: the smallest positive subnormal
  f32[0] = r;
  // r < t means r is not +Infinity; one ulp up is +1 on the bits when r > 0, −1 when r < 0.
  bits[0] += r > 0 ? 1 : -1;
  return f32[0];
}
