import { exportLogisticModelToOnnx } from './logistic-model-onnx';
import { loadOnnxModel } from './onnx-session';
import { handColumns, handModel } from './testing/test-models';

/**
 * Deliberately runs in Jest's default environment to pin the known trap: onnxruntime-node's
 * output arrays come from another JS context than the spec's, and its Tensor constructor
 * rejects them. The error must point at the fix (onnx-test-environment.ts). If Jest's config
 * ever shares typed arrays globally, this spec becomes obsolete: delete it.
 */
it('explains the Jest typed-array realm failure instead of leaving a bare TypeError', async () => {
  const model = await loadOnnxModel(exportLogisticModelToOnnx(handModel()));
  try {
    await expect(model.predict(handColumns(), null)).rejects.toThrow(/onnx-test-environment\.ts via a @jest-environment docblock/);
  } finally {
    await model.release();
  }
});
