import { NAN_BIN, applyBins, binOf, boundaryBetween, fitBinEdges } from './quantile-binner';

describe('quantile binner', () => {
  it('gives NaN bin 0 and every distinct value its own bin when few', () => {
    const col = new Float64Array([3, 1, 2, NaN, 2, 1]);
    const [e] = fitBinEdges([col], undefined, { maxBins: 256, seed: 1 });
    expect(Array.from(e.boundaries)).toEqual([1.5, 2.5]);
    expect(Array.from(applyBins([col], undefined, [e])[0])).toEqual([3, 1, 2, NAN_BIN, 2, 1]);
  });

  it('caps the number of bins and keeps them roughly equal in count', () => {
    const col = Float64Array.from({ length: 1000 }, (_, i) => i);
    const [e] = fitBinEdges([col], undefined, { maxBins: 11, seed: 1 });
    expect(e.numBins).toBe(11);
    const counts = new Array(11).fill(0);
    applyBins([col], undefined, [e])[0].forEach((b) => counts[b]++);
    expect(counts[0]).toBe(0);
    for (let b = 1; b < 11; b++) expect(counts[b]).toBe(100);
  });

  it('uses float32 boundaries that separate adjacent float32 values exactly', () => {
    const a = Math.fround(0.1);
    const c = Math.fround(a + 1e-8); // the next float32 up, or close to it
    const t = boundaryBetween(a, c);
    expect(Math.fround(t)).toBe(t);
    expect(a < t && t <= c).toBe(true);
  });

  it('routes unseen values by the same x < boundary rule', () => {
    const [e] = fitBinEdges([new Float64Array([0, 10])], undefined, { maxBins: 256, seed: 1 });
    expect(binOf(4.99, e)).toBe(1);
    expect(binOf(5, e)).toBe(2);
    expect(binOf(-Infinity, e)).toBe(1);
    expect(binOf(Infinity, e)).toBe(2);
  });

  it('bins only the selected rows', () => {
    const col = new Float64Array([5, 1, 9, 3]);
    const rows = Int32Array.of(1, 3);
    const edges = fitBinEdges([col], rows, { maxBins: 256, seed: 1 });
    expect(Array.from(edges[0].boundaries)).toEqual([2]);
    expect(Array.from(applyBins([col], rows, edges)[0])).toEqual([1, 2]);
  });
});
