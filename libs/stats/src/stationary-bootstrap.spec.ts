import { stationaryBootstrap } from './stationary-bootstrap';

/** Lengths of the runs i, i + 1, … (mod n) in one path; a jump that lands on the next bar (odds 1/n) merges two. */
function blockLengths(path: Int32Array, n: number): number[] {
  const lengths: number[] = [];
  let run = 1;
  for (let i = 1; i < path.length; i++) {
    if (path[i] === (path[i - 1] + 1) % n) run++;
    else {
      lengths.push(run);
      run = 1;
    }
  }
  lengths.push(run);
  return lengths;
}

describe('stationaryBootstrap (Politis & Romano 1994)', () => {
  it('draws geometric blocks with the expected mean length, wrapping circularly', () => {
    const n = 100_000;
    for (const expectedBlock of [4, 12.5]) {
      const path = stationaryBootstrap(n, { expectedBlock, seed: 1 }).next();
      const lengths = blockLengths(path, n);
      // The last block is cut at the path's end; over ~10⁴ blocks that bias is < 0.01 %. Geometric sd of the mean
      // ≈ √(b² − b)/√(n/b): 3 % of b at b = 12.5.
      const mean = lengths.reduce((s, l) => s + l, 0) / lengths.length;
      expect(Math.abs(mean - expectedBlock) / expectedBlock).toBeLessThan(0.03);
      // P(length = 1) = 1/b.
      const ones = lengths.filter((l) => l === 1).length / lengths.length;
      expect(Math.abs(ones - 1 / expectedBlock)).toBeLessThan(0.02);
    }
    // Wrap-around: with length 3 and long blocks, 2 is followed by 0.
    const wrap = stationaryBootstrap(3, { expectedBlock: 1e6, seed: 2 }).paths(20);
    for (let i = 1; i < wrap.length; i++) if (i % 3 !== 0) expect(wrap[i]).toBe((wrap[i - 1] + 1) % 3);
  });

  it('keeps every index in [0, length)', () => {
    for (const length of [1, 2, 7, 4380]) {
      const all = stationaryBootstrap(length, { expectedBlock: 3.7, seed: 9 }).paths(50);
      expect(all.length).toBe(50 * length);
      let lo = Infinity;
      let hi = -Infinity;
      for (const i of all) {
        lo = Math.min(lo, i);
        hi = Math.max(hi, i);
      }
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThan(length);
    }
  });

  it('is deterministic per seed; paths(k) equals k calls of next(); other seeds differ', () => {
    const one = stationaryBootstrap(500, { expectedBlock: 8, seed: 42 });
    const two = stationaryBootstrap(500, { expectedBlock: 8, seed: 42 });
    const batch = one.paths(3);
    const out = new Int32Array(500);
    for (let p = 0; p < 3; p++) expect(two.next(out)).toEqual(batch.subarray(p * 500, (p + 1) * 500));
    expect(stationaryBootstrap(500, { expectedBlock: 8, seed: 43 }).next()).not.toEqual(batch.subarray(0, 500));
  });

  it('is the i.i.d. bootstrap at expectedBlock 1: successors at chance rate, uniform counts', () => {
    const n = 50;
    const all = stationaryBootstrap(n, { expectedBlock: 1, seed: 3 }).paths(2000);
    let successors = 0;
    const counts = new Float64Array(n);
    for (let i = 0; i < all.length; i++) {
      counts[all[i]]++;
      if (i % n !== 0 && all[i] === (all[i - 1] + 1) % n) successors++;
    }
    // 98,000 pairs, successor odds 1/50: 1960 ± 44.
    expect(Math.abs(successors - 1960)).toBeLessThan(200);
    // χ² with 49 degrees of freedom: mean 49, 99.9th percentile ≈ 86.
    const expected = all.length / n;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(86);
  });

  it('rejects a bad length, expectedBlock < 1, and an out buffer of the wrong size', () => {
    expect(() => stationaryBootstrap(0, { expectedBlock: 2, seed: 1 })).toThrow(RangeError);
    expect(() => stationaryBootstrap(2.5, { expectedBlock: 2, seed: 1 })).toThrow(RangeError);
    expect(() => stationaryBootstrap(10, { expectedBlock: 0.5, seed: 1 })).toThrow(RangeError);
    expect(() => stationaryBootstrap(10, { expectedBlock: NaN, seed: 1 })).toThrow(RangeError);
    expect(() => stationaryBootstrap(10, { expectedBlock: 2, seed: 1 }).next(new Int32Array(9))).toThrow(RangeError);
  });
});
