import { onnx } from 'onnx-proto';

/**
 * Small, deterministic constructors for ONNX protobuf messages (onnx-proto / protobufjs).
 *
 * Every message is a plain object whose fields are always set in the same order, and tensor
 * payloads are written as little-endian `raw_data`, so the same inputs encode to the same bytes
 * on every machine.
 */

/** ONNX IR version 8 is what onnx-proto 8.x describes and what onnxruntime reads without conversion. */
export const ONNX_IR_VERSION = 8;
/** Default-domain opset used by Ares exports. */
export const ONNX_OPSET = 15;

export type ElemType = onnx.TensorProto.DataType;
export const ElemType = onnx.TensorProto.DataType;

/** A dimension: a fixed size, or a symbolic name such as "N" for a dynamic batch. */
export type Dim = number | string;

/** A float64 initializer; raw_data keeps the exact IEEE-754 bits (no float32 rounding). */
export function doubleTensor(name: string, dims: readonly number[], values: ArrayLike<number>): onnx.ITensorProto {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (values.length !== expected) {
    throw new Error(`tensor '${name}': ${values.length} values do not fill shape [${dims.join(', ')}]`);
  }
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  // ONNX raw_data is little-endian by specification, whatever the host byte order.
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i], true);
  return { dims: [...dims], dataType: ElemType.DOUBLE, name, rawData: raw };
}

export function tensorValueInfo(name: string, elemType: ElemType, shape: readonly Dim[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export function node(
  opType: string,
  name: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: readonly onnx.IAttributeProto[] = [],
): onnx.INodeProto {
  const n: onnx.INodeProto = { input: [...inputs], output: [...outputs], name, opType };
  if (attributes.length > 0) n.attribute = [...attributes];
  return n;
}

export function intAttribute(name: string, value: number): onnx.IAttributeProto {
  return { name, i: value, type: onnx.AttributeProto.AttributeType.INT };
}

/** A Cast node (the `to` attribute is an ONNX element type). */
export function castNode(name: string, input: string, output: string, to: ElemType): onnx.INodeProto {
  return node('Cast', name, [input], [output], [intAttribute('to', to)]);
}

export interface ModelParts {
  graph: onnx.IGraphProto;
  producerName: string;
  producerVersion: string;
  modelVersion: number;
  docString: string;
  /** Written in the given order; order is part of the bytes. */
  metadata: ReadonlyArray<readonly [string, string]>;
  /** Opsets beyond the default domain, e.g. `{ domain: 'ai.onnx.ml', version: 3 }` for tree ensembles. */
  extraOpsets?: ReadonlyArray<{ domain: string; version: number }>;
}

/** Assemble and encode a ModelProto. No timestamps, ids or host data go in, so bytes are reproducible. */
export function encodeModel(parts: ModelParts): Uint8Array {
  const model: onnx.IModelProto = {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }, ...(parts.extraOpsets ?? [])],
    producerName: parts.producerName,
    producerVersion: parts.producerVersion,
    domain: '',
    modelVersion: parts.modelVersion,
    docString: parts.docString,
    graph: parts.graph,
    metadataProps: parts.metadata.map(([key, value]) => ({ key, value })),
  };
  const problem = onnx.ModelProto.verify(model);
  if (problem) throw new Error(`internal error: ONNX model does not verify: ${problem}`);
  // protobufjs returns a Node Buffer that may be a view into a shared pool slab; copy it
  // into an array that owns exactly its bytes, so consumers using `.buffer` see only the model.
  return Uint8Array.from(onnx.ModelProto.encode(model).finish());
}
