import { HIST_STRIDE, buildHistogram, histogramLayout, newHistogram, subtractHistogram, toRowMajor } from './histogram';

describe('histogram', () => {
  const bins = [Uint8Array.of(0, 1, 1, 2), Uint8Array.of(1, 1, 2, 2)];
  const layout = histogramLayout([3, 3]);
  const grad = Float64Array.of(1, 2, 3, 4);
  const hess = Float64Array.of(0.5, 0.5, 0.5, 0.5);
  const features = Int32Array.of(0, 1);
  const scratch = () => new Float64Array(4);

  it('sums gradient, hessian and count per bin (padded to four slots)', () => {
    const h = newHistogram(layout);
    buildHistogram(h, layout, bins, features, Int32Array.of(0, 1, 2, 3), 0, 4, grad, hess, scratch(), scratch());
    expect(HIST_STRIDE).toBe(4);
    // feature 0: bin0 {1}, bin1 {2,3}, bin2 {4}
    expect(Array.from(h.subarray(0, 3 * HIST_STRIDE))).toEqual([1, 0.5, 1, 0, 5, 1, 2, 0, 4, 0.5, 1, 0]);
    // feature 1 starts at slot 3: bin1 {1,2}, bin2 {3,4}
    expect(Array.from(h.subarray(3 * HIST_STRIDE))).toEqual([0, 0, 0, 0, 3, 1, 2, 0, 7, 1, 2, 0]);
  });

  it('derives a sibling as parent minus child', () => {
    const idx = Int32Array.of(0, 1, 2, 3);
    const parent = newHistogram(layout),
      left = newHistogram(layout),
      right = newHistogram(layout);
    buildHistogram(parent, layout, bins, features, idx, 0, 4, grad, hess, scratch(), scratch());
    buildHistogram(left, layout, bins, features, idx, 0, 1, grad, hess, scratch(), scratch());
    buildHistogram(right, layout, bins, features, idx, 1, 4, grad, hess, scratch(), scratch());
    subtractHistogram(parent, left, layout, features);
    expect(Array.from(parent)).toEqual(Array.from(right));
  });

  it('lays bins out row-major for the kernel', () => {
    expect(Array.from(toRowMajor(bins, 4))).toEqual([0, 1, 1, 1, 1, 2, 2, 2]);
  });
});
