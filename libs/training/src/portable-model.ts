import { exportStackedModelToOnnx, predictStackedModel } from '@ares/gbdt-onnx';
import { assertOnnxParity, loadOnnxModel } from '@ares/onnx';
import { DeployableModel } from './ensemble/deployable-model';

export interface PortableModel {
  onnx: Uint8Array;
  /** Largest |onnxruntime − in-process| probability over the checked rows and every output. */
  maxAbsDiff: number;
  /** onnxruntime-node's predictions for the checked rows, one column per output. */
  served: Float64Array[];
}

/**
 * Exports the model's graph to ONNX and proves the export: onnxruntime-node's predictions on `rows` must equal the
 * in-process ones on every output to `tolerance`, else this throws naming the output and the worst row. What is
 * served is what was validated.
 */
export async function toPortableModel(model: DeployableModel, columns: Float64Array[], rows: Int32Array, tolerance = 1e-5): Promise<PortableModel> {
  const onnx = exportStackedModelToOnnx(model.spec);
  const inProcess = predictStackedModel(model.spec, columns, rows);
  const session = await loadOnnxModel(onnx);
  try {
    const served = await session.predictColumns(columns, rows);
    let maxAbsDiff = 0;
    served.forEach((column, k) => {
      try {
        maxAbsDiff = Math.max(maxAbsDiff, assertOnnxParity(inProcess[k], column, tolerance).maxAbsDiff);
      } catch (error) {
        throw new Error(`output '${model.spec.outputs[k]}': ${(error as Error).message}`, { cause: error });
      }
    });
    return { onnx, maxAbsDiff, served };
  } finally {
    await session.release();
  }
}
