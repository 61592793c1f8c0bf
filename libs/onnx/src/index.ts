export * from './linear-probability-model';
export {
  exportLogisticModelToOnnx,
  ARES_PRODUCER_NAME,
  LOGISTIC_EXPORT_VERSION,
  FEATURES_INPUT,
  PROBABILITY_OUTPUT,
  FEATURES_METADATA_KEY,
  MODEL_KIND_METADATA_KEY,
  LOGISTIC_MODEL_KIND,
} from './logistic-model-onnx';
export type { LogisticExportOptions } from './logistic-model-onnx';
export { loadOnnxModel } from './onnx-session';
export type { OnnxModel } from './onnx-session';
export { assertOnnxParity } from './onnx-parity';
export type { OnnxParity } from './onnx-parity';
export { describeOnnxModel, decodeOnnxModel } from './describe-onnx-model';
export type { OnnxModelDescription, OnnxValueDescription } from './describe-onnx-model';
export { ONNX_IR_VERSION, ONNX_OPSET } from './onnx-proto-builders';
// Graph building blocks, for other libs that encode their own ONNX models (e.g. gbdt-onnx).
export { ElemType, tensorValueInfo, node, intAttribute, encodeModel, doubleTensor, castNode } from './onnx-proto-builders';
export type { ModelParts, Dim } from './onnx-proto-builders';
