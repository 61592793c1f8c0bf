import { onnx } from 'onnx-proto';
import { ElemType, encodeModel, ModelParts } from '@ares/onnx';

/**
 * What libs/onnx's builders do not cover: list attributes, int64 initializers, and a model that
 * also imports the `ai.onnx.ml` domain.
 */

export const ONNX_ML_DOMAIN = 'ai.onnx.ml';
/** ai.onnx.ml opset 3: TreeEnsemble* with BRANCH_LT and missing-value tracking, read by onnxruntime. */
export const ONNX_ML_OPSET = 3;

const A = onnx.AttributeProto.AttributeType;
const utf8 = new TextEncoder();

export function floatsAttribute(name: string, values: readonly number[]): onnx.IAttributeProto {
  return { name, floats: [...values], type: A.FLOATS };
}

export function intsAttribute(name: string, values: readonly number[]): onnx.IAttributeProto {
  return { name, ints: [...values], type: A.INTS };
}

export function stringAttribute(name: string, value: string): onnx.IAttributeProto {
  return { name, s: utf8.encode(value), type: A.STRING };
}

export function stringsAttribute(name: string, values: readonly string[]): onnx.IAttributeProto {
  return { name, strings: values.map((v) => utf8.encode(v)), type: A.STRINGS };
}

/** An int64 initializer written as little-endian raw_data (ONNX's byte order on every host). */
export function int64Tensor(name: string, values: readonly number[]): onnx.ITensorProto {
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
  return { dims: [values.length], dataType: ElemType.INT64, name, rawData: raw };
}

/** libs/onnx's encodeModel with the ai.onnx.ml opset imported. Deterministic: no times, no ids. */
export function encodeMlModel(parts: ModelParts): Uint8Array {
  return encodeModel({ ...parts, extraOpsets: [{ domain: ONNX_ML_DOMAIN, version: ONNX_ML_OPSET }] });
}
