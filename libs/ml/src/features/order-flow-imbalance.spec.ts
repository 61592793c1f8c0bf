import { contiguousRunStarts, singleRun } from './contiguous-runs';
import { orderFlowImbalance } from './order-flow-imbalance';

const H = 3_600_000;
const f64 = (xs: number[]) => new Float64Array(xs);

describe('orderFlowImbalance', () => {
  it('is (buy − sell) / (buy + sell) per bar and its rolling mean (hand-computed)', () => {
    const { imbalance, mean } = orderFlowImbalance(f64([3, 1, 0, 2, 5]), f64([1, 1, 2, 0, 5]), singleRun(5), 2);
    expect(Array.from(imbalance)).toEqual([0.5, 0, -1, 1, 0]);
    expect(Array.from(mean)).toEqual([NaN, 0.25, -0.5, 0, 0.5]);
  });

  it('is NaN for a bar without trades or with bad volumes, which restarts the mean', () => {
    const { imbalance, mean } = orderFlowImbalance(f64([1, 0, 1, 1, -1, 1]), f64([1, 0, 3, 1, 2, NaN]), singleRun(6), 2);
    expect(Array.from(imbalance)).toEqual([0, NaN, -0.5, 0, NaN, NaN]);
    expect(Array.from(mean)).toEqual([NaN, NaN, NaN, -0.25, NaN, NaN]);
  });

  it('restarts the mean after a gap', () => {
    const runStart = contiguousRunStarts(f64([0, 1, 5, 6].map((h) => h * H)), H);
    const { mean } = orderFlowImbalance(f64([1, 1, 1, 1]), f64([0, 0, 1, 1]), runStart, 2);
    expect(Array.from(mean)).toEqual([NaN, 1, NaN, 0]);
  });

  it('needs buy and sell of the same length', () => {
    expect(() => orderFlowImbalance(f64([1]), f64([1, 2]), singleRun(1))).toThrow(/buyVolume has 1 rows, sellVolume 2/);
  });
});
