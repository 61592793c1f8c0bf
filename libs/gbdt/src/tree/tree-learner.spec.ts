import { applyBins, fitBinEdges } from '../binning/quantile-binner';
import { mulberry32 } from '../random/seeded-random';
import { GrownTree, TreeLearner } from './tree-learner';

function setup(n: number, seed: number) {
  const rng = mulberry32(seed);
  const columns = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => rng()));
  const grad = Float64Array.from({ length: n }, (_, i) => (columns[0][i] > 0.5 ? 1 : -1) + (columns[1][i] > 0.3 ? 0.5 : -0.5) + 2 * rng());
  const hess = new Float64Array(n).fill(1);
  const edges = fitBinEdges(columns, undefined, { maxBins: 64, seed: 1 });
  return { bins: applyBins(columns, undefined, edges), edges, grad, hess };
}

const base = { lambda: 1, minChildWeight: 1, minDataInLeaf: 5, minSplitGain: 0, learningRate: 1 };
const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

function depthOf(t: GrownTree, node = 0): number {
  const j = t.json;
  return j.feature[node] < 0 ? 0 : 1 + Math.max(depthOf(t, j.left[node]), depthOf(t, j.right[node]));
}
const leavesOf = (t: GrownTree) => t.json.feature.filter((f) => f < 0).length;

describe('TreeLearner', () => {
  const { bins, edges, grad, hess } = setup(2000, 3);
  const grow = (maxLeaves: number, maxDepth: number, features = Int32Array.of(0, 1, 2)) =>
    new TreeLearner(bins, edges, 2000, { ...base, maxLeaves, maxDepth }).grow(grad, hess, all(2000), 2000, features, 0);

  // The noise term leaves something to gain in every leaf, so only the limits stop growth.
  it('stops at maxLeaves', () => {
    expect(leavesOf(grow(3, 10))).toBe(3);
    expect(leavesOf(grow(17, 10))).toBe(17);
  });

  it('stops at maxDepth', () => {
    const t = grow(1000, 2);
    expect(depthOf(t)).toBe(2);
    expect(leavesOf(t)).toBe(4);
  });

  it('splits the strongest feature first and uses its boundary as threshold', () => {
    const t = grow(2, 5);
    expect(t.json.feature[0]).toBe(0);
    expect(t.json.threshold[0]).toBe(edges[0].boundaries[t.binThreshold[0] - 1]);
    expect(Math.abs(t.json.threshold[0] - 0.5)).toBeLessThan(0.03);
  });

  it('uses only the sampled features', () => {
    const t = grow(8, 5, Int32Array.of(1, 2));
    expect(t.json.feature.every((f) => f !== 0)).toBe(true);
  });

  it('leaf values are −G/(H+λ) of their rows', () => {
    const t = grow(2, 1);
    const thr = t.json.threshold[0];
    let gl = 0,
      hl = 0;
    for (let i = 0; i < 2000; i++) {
      if (bins[t.json.feature[0]][i] > t.binThreshold[0]) continue; // no NaN here: bin ≤ split bin goes left
      gl += grad[i];
      hl += hess[i];
    }
    expect(t.json.value[t.json.left[0]]).toBeCloseTo(-gl / (hl + 1), 10);
    expect(thr).toBe(Math.fround(thr));
  });

  it('reuses its buffers: growing twice gives the same tree', () => {
    const learner = new TreeLearner(bins, edges, 2000, { ...base, maxLeaves: 31, maxDepth: 6 });
    const a = learner.grow(grad, hess, all(2000), 2000, Int32Array.of(0, 1, 2), 0);
    const b = learner.grow(grad, hess, all(2000), 2000, Int32Array.of(0, 1, 2), 0);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});
