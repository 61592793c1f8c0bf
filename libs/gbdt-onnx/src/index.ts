export {
  exportGbdtToOnnx,
  gbdtModelKind,
  GBDT_EXPORT_VERSION,
  LABEL_OUTPUT,
  PROBABILITIES_OUTPUT,
  PROBABILITY_OUTPUT,
  VARIABLE_OUTPUT,
} from './gbdt-onnx-export';
export type { GbdtExportOptions } from './gbdt-onnx-export';
export { loadGbdtOnnxModel } from './gbdt-onnx-session';
export type { GbdtOnnxModel } from './gbdt-onnx-session';
export { referencePredict, referenceRawScores } from './reference-predict';
export { validateGbdtModel } from './validate-gbdt-model';
export { STACKED_OUTPUTS_METADATA_KEY, validateStackedModelSpec } from './stacked-model-spec';
export type { BaseLearnerSpec, LinearLayerSpec, StackedModelSpec } from './stacked-model-spec';
export { exportStackedModelToOnnx, STACKED_EXPORT_VERSION } from './stacked-model-onnx';
export type { StackedExportOptions } from './stacked-model-onnx';
export { predictStackedModel } from './stacked-model-predict';
