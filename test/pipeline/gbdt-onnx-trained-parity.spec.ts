/** @jest-environment <rootDir>/libs/onnx/src/testing/onnx-test-environment.ts */
import { GbdtObjective, predictProba, trainGbdt } from '@ares/gbdt';
import { exportGbdtToOnnx, loadGbdtOnnxModel } from '@ares/gbdt-onnx';

/** Models trained by libs/gbdt, served by onnxruntime-node: the same numbers over 100,000 rows, NaNs included. */
function dataset(rows: number, features: number, seed: number) {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const columns = Array.from({ length: features }, () => new Float64Array(rows));
  for (let i = 0; i < rows; i++) for (let f = 0; f < features; f++) columns[f][i] = random() < 0.08 ? NaN : (random() - 0.5) * (f + 1) * 100;
  const signal = (i: number) => (Number.isNaN(columns[0][i]) ? 0.3 : columns[0][i] / 50) + Math.sin((columns[1][i] || 0) / 20) + random() * 0.8;
  return { columns, signal };
}

describe('GBDT: onnxruntime-node reproduces trained models', () => {
  const rows = 100_000;
  const { columns, signal } = dataset(rows, 8, 7);
  const names = columns.map((_, f) => `f${f}`);

  it.each<[GbdtObjective, (s: number) => number, number]>([
    ['binary', (s) => (s > 0.5 ? 1 : 0), 1],
    ['multiclass', (s) => (s < 0 ? 0 : s < 1 ? 1 : 2), 3],
    ['regression', (s) => s * 10, 1],
  ])(
    '%s',
    async (objective, labelOf, numClass) => {
      const label = new Float64Array(rows);
      for (let i = 0; i < rows; i++) label[i] = labelOf(signal(i));
      const model = trainGbdt(
        { columns, featureNames: names, label },
        { objective, numClass: objective === 'multiclass' ? numClass : undefined, nEstimators: 25, maxDepth: 6, maxLeaves: 31, seed: 3 },
      );
      const inProcess = predictProba(model, columns);
      const session = await loadGbdtOnnxModel(exportGbdtToOnnx(model));
      try {
        const served = await session.predict(columns);
        expect(served.length).toBe(inProcess.length);
        let worst = 0;
        for (let i = 0; i < served.length; i++) worst = Math.max(worst, Math.abs(served[i] - inProcess[i]));
        expect(worst).toBeLessThanOrEqual(1e-5);
      } finally {
        await session.release();
      }
    },
    120_000,
  );
});
