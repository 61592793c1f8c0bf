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
