import { buildHistogram, histogramLayout, newHistogram } from '../histogram/histogram';
import { emptyCandidate, findBestSplit, splitGain } from './split-finder';

const cons = { lambda: 1, minChildWeight: 0, minDataInLeaf: 1, minSplitGain: 0 };

function best(binsCol: number[], numBins: number, grad: number[], hess: number[], c = cons) {
  const layout = histogramLayout([numBins]);
  const h = newHistogram(layout);
  const n = binsCol.length;
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  buildHistogram(
    h,
    layout,
    [Uint8Array.from(binsCol)],
    Int32Array.of(0),
    idx,
    0,
    n,
    Float64Array.from(grad),
    Float64Array.from(hess),
    new Float64Array(n),
    new Float64Array(n),
  );
  const total = { g: grad.reduce((a, b) => a + b, 0), h: hess.reduce((a, b) => a + b, 0), c: n };
  const out = emptyCandidate();
  const ok = findBestSplit(h, layout, Int32Array.of(0), total, c, out);
  return { ok, out };
}

describe('split finder', () => {
  it('computes the gain by hand', () => {
    // G_L = -2, H_L = 2; G_R = 2, H_R = 2; λ = 1: ½[4/3 + 4/3 − 0] = 4/3
    expect(splitGain(-2, 2, 2, 2, 1)).toBeCloseTo(4 / 3, 12);
    const { ok, out } = best([1, 1, 2, 2], 3, [-1, -1, 1, 1], [1, 1, 1, 1]);
    expect(ok).toBe(true);
    expect(out.bin).toBe(1);
    expect(out.gain).toBeCloseTo(4 / 3, 12);
    expect(out.left).toEqual({ g: -2, h: 2, c: 2 });
  });

  it('learns that NaN rows go to the side they resemble', () => {
    // NaN rows (bin 0) have positive gradients like bin 2: they should go right.
    const r1 = best([0, 0, 1, 1, 2, 2], 3, [1, 1, -1, -1, 1, 1], [1, 1, 1, 1, 1, 1]);
    expect(r1.out.defaultLeft).toBe(false);
    expect(r1.out.right.c).toBe(4);
    // ...and left when they resemble bin 1.
    const r2 = best([0, 0, 1, 1, 2, 2], 3, [-1, -1, -1, -1, 1, 1], [1, 1, 1, 1, 1, 1]);
    expect(r2.out.defaultLeft).toBe(true);
    expect(r2.out.left.c).toBe(4);
  });

  it('respects minDataInLeaf, minChildWeight and minSplitGain', () => {
    expect(best([1, 2, 2, 2], 3, [-1, 1, 1, 1], [1, 1, 1, 1], { ...cons, minDataInLeaf: 2 }).ok).toBe(false);
    expect(best([1, 2, 2, 2], 3, [-1, 1, 1, 1], [1, 1, 1, 1], { ...cons, minChildWeight: 1.5 }).ok).toBe(false);
    expect(best([1, 1, 2, 2], 3, [-1, -1, 1, 1], [1, 1, 1, 1], { ...cons, minSplitGain: 2 }).ok).toBe(false);
  });

  it('breaks ties by the lower bin', () => {
    // Splits after bin 1 and after bin 2 both isolate a zero-gradient row: identical gain.
    const { out } = best([1, 2, 3], 4, [-1, 0, 1], [1, 1, 1]);
    expect(out.bin).toBe(1);
  });
});
