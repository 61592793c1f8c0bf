/**
 * Sorts float32 values (no NaN) ascending with an LSD radix sort on their bit patterns: three 11-bit passes,
 * linear in n, several times faster than TypedArray.prototype.sort on the 10⁵-row columns binning sorts.
 * Order is that of TypedArray sort: −0 before +0.
 *
 * A float's bits become an unsigned key that sorts like the float by flipping all bits of a negative and the sign
 * bit of a positive. `values` is sorted in place; `scratch` must be as long.
 */
export function sortFloat32(values: Float32Array, scratch: Float32Array): Float32Array {
  const n = values.length;
  let keys = new Uint32Array(values.buffer, values.byteOffset, n);
  let other = new Uint32Array(scratch.buffer, scratch.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    keys[i] = k & 0x8000_0000 ? ~k : k | 0x8000_0000;
  }
  const counts = new Int32Array(2048);
  for (let shift = 0; shift < 32; shift += 11) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i] >>> shift) & 2047]++;
    let sum = 0;
    for (let d = 0; d < 2048; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      other[counts[(k >>> shift) & 2047]++] = k;
    }
    const t = keys;
    keys = other;
    other = t;
  }
  // Three passes: the sorted keys sit in `scratch`; decode them back into `values`.
  const out = new Uint32Array(values.buffer, values.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    out[i] = k & 0x8000_0000 ? k & 0x7fff_ffff : ~k;
  }
  return values;
}
