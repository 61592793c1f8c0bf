/** @jest-environment <rootDir>/libs/onnx/src/testing/onnx-test-environment.ts */
import { exportGbdtToOnnx } from './gbdt-onnx-export';
import { loadGbdtOnnxModel } from './gbdt-onnx-session';
import { randomColumns, randomGbdtModel } from './testing/random-gbdt-model';

/** Throughput through onnxruntime-node: 100k rows × 30 features × 200 trees of depth 6. */
describe('GBDT ONNX throughput', () => {
  it('scores 100,000 rows × 30 features with 200 depth-6 trees', async () => {
    const model = randomGbdtModel({ objective: 'binary', numClass: 1, featureCount: 30, rounds: 200, maxDepth: 6, seed: 21 });
    const columns = randomColumns(model, 100_000, 22);
    const packed = new Float32Array(100_000 * 30);
    for (let r = 0; r < 100_000; r++) for (let j = 0; j < 30; j++) packed[r * 30 + j] = columns[j][r];
    const m = await loadGbdtOnnxModel(exportGbdtToOnnx(model));
    await m.predictPacked(packed.subarray(0, 3000)); // warm-up
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      const p = await m.predictPacked(packed);
      times.push(Number(process.hrtime.bigint() - t0) / 1e9);
      expect(p.length).toBe(100_000);
    }
    const t0 = process.hrtime.bigint();
    await m.predict(columns);
    const withPacking = Number(process.hrtime.bigint() - t0) / 1e9;
    await m.release();
    const best = Math.min(...times);
    console.log(
      `throughput: ${Math.round(100_000 / best)} rows/s packed (best of 3: ${(best * 1000).toFixed(0)} ms), ` +
        `${Math.round(100_000 / withPacking)} rows/s from float64 columns`,
    );
    expect(best).toBeLessThan(30); // a smoke bound only; the figure is in the log
  });
});
