import { clusterFeatures } from './feature-clusters';

describe('clusterFeatures', () => {
  const n = 200;
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const a = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 7));
  const aNoisy = Float64Array.from(a, (v, i) => v + 0.05 * Math.cos(i * 13));
  const b = Float64Array.from({ length: n }, (_, i) => ((i * 7919) % 101) / 101);
  const aNegated = Float64Array.from(a, (v) => -2 * v);

  it('groups near-copies (and negated copies), keeping unrelated features apart, in feature order', () => {
    const clusters = clusterFeatures(['a', 'b', 'a_noisy', 'a_neg'], [a, b, aNoisy, aNegated], rows, 0.7);
    expect(clusters).toEqual([
      { name: 'a', features: ['a', 'a_noisy', 'a_neg'] },
      { name: 'b', features: ['b'] },
    ]);
  });

  it('keeps every feature alone when the bar is above every correlation', () => {
    expect(clusterFeatures(['a', 'b'], [a, b], rows, 0.999).map((c) => c.features)).toEqual([['a'], ['b']]);
  });
});
