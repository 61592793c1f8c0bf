import { assertOnnxParity, loadOnnxModel } from '@ares/onnx';
import { FittedModel } from './model-family';

export interface PortableModel {
  onnx: Uint8Array;
  /** Largest |onnxruntime − in-process| probability over the checked rows. */
  maxAbsDiff: number;
  /** onnxruntime-node's predictions for the checked rows. */
  served: Float64Array;
}

/**
 * Exports the model to ONNX and proves the export: onnxruntime-node's predictions on `rows` must equal the
 * in-process ones to `tolerance`, else this throws naming the worst row. What is served is what was validated.
 */
export async function toPortableModel(
  model: FittedModel,
  columns: Float64Array[],
  rows: Int32Array,
  inProcess: Float64Array,
  tolerance = 1e-5,
): Promise<PortableModel> {
  const onnx = model.toOnnx();
  const session = await loadOnnxModel(onnx);
  try {
    const served = await session.predict(columns, rows);
    const { maxAbsDiff } = assertOnnxParity(inProcess, served, tolerance);
    return { onnx, maxAbsDiff, served };
  } finally {
    await session.release();
  }
}
