import { TrainStageParams } from '@ares/contracts';
import { seededRandom } from '@ares/random';
import { purgedKFold } from '../cross-validation/purged-k-fold';
import { ModelInputs } from '../model-inputs';
import { clusteredMda } from './clustered-mda';

describe('clusteredMda', () => {
  const n = 1200;
  const rng = seededRandom(5);
  const signal = Float64Array.from({ length: n }, () => rng() * 2 - 1);
  const noise = Float64Array.from({ length: n }, () => rng() * 2 - 1);
  const target = Uint8Array.from(signal, (x) => (x + 0.3 * (rng() - 0.5) > 0 ? 1 : 0));
  const inputs = { featureNames: ['signal', 'noise'], columns: [signal, noise] } as unknown as ModelInputs;
  const ones = new Uint8Array(n).fill(1);
  const splits = purgedKFold({
    start: 0,
    end: n,
    folds: 3,
    touchIndex: Int32Array.from({ length: n }, (_, t) => Math.min(t + 1, n - 1)),
    trainable: ones,
    usable: ones,
    embargoBars: 1,
  });
  const params = Object.assign(new TrainStageParams(), { classWeight: 'none' as const });
  params.gbdt = { ...params.gbdt, nEstimators: 30, minDataInLeaf: 20 };

  it('finds the informative cluster important on every fold and the noise one not, reproducibly', async () => {
    const clusters = [
      { name: 'signal', features: ['signal'] },
      { name: 'noise', features: ['noise'] },
    ];
    const importances = await clusteredMda(inputs, target, splits, clusters, params, 9);
    const [informative, useless] = importances;
    expect(informative.perFold).toHaveLength(3);
    for (const value of informative.perFold) expect(value).toBeGreaterThan(0.1);
    expect(informative.mean).toBeGreaterThan(informative.spread);
    expect(Math.abs(useless.mean)).toBeLessThan(0.05);
    expect(await clusteredMda(inputs, target, splits, clusters, params, 9)).toEqual(importances);
  });
});
