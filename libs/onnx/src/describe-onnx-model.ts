import { onnx } from 'onnx-proto';
import type { Dim } from './onnx-proto-builders';

/** A plain-data summary of an ONNX model, for tests, logs and load-time checks. */
export interface OnnxModelDescription {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  modelVersion: number;
  opsets: { domain: string; version: number }[];
  graphName: string;
  /** Op types of the top-level graph, in node order. */
  nodeOps: string[];
  /** Graphs nested in node attributes (If/Loop/Scan bodies); 0 means one flat graph. */
  subgraphCount: number;
  /** Model-local functions and training graphs, which would also be "more than one graph". */
  functionCount: number;
  trainingInfoCount: number;
  /** Graph inputs that are not initializers, i.e. what a caller must feed. */
  inputs: OnnxValueDescription[];
  outputs: OnnxValueDescription[];
  initializers: string[];
  metadata: Record<string, string>;
}

export interface OnnxValueDescription {
  name: string;
  /** ONNX element type name, e.g. 'FLOAT', 'DOUBLE'; 'UNKNOWN' if not a tensor. */
  elemType: string;
  shape: Dim[];
}

/** Decode ONNX bytes; throws an Error that says the bytes are not a readable ONNX model. */
export function decodeOnnxModel(bytes: Uint8Array): onnx.ModelProto {
  if (!(bytes instanceof Uint8Array)) throw new Error('ONNX model bytes must be a Uint8Array');
  let model: onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new Error(`bytes are not a valid ONNX model (protobuf decode failed: ${(err as Error).message})`, { cause: err });
  }
  // Protobuf is permissive: many byte strings (including empty ones) decode to an empty message.
  if (!model.graph || toNumber(model.irVersion) <= 0) {
    throw new Error(`bytes are not a valid ONNX model (no ${model.graph ? 'ir_version' : 'graph'}; ${bytes.length} bytes)`);
  }
  return model;
}

export function describeOnnxModel(bytes: Uint8Array): OnnxModelDescription {
  const model = decodeOnnxModel(bytes);
  const graph = model.graph as onnx.IGraphProto;
  const initializers = (graph.initializer ?? []).map((t) => t.name ?? '');
  const initSet = new Set(initializers);
  return {
    irVersion: toNumber(model.irVersion),
    producerName: model.producerName,
    producerVersion: model.producerVersion,
    modelVersion: toNumber(model.modelVersion),
    opsets: model.opsetImport.map((o) => ({ domain: o.domain ?? '', version: toNumber(o.version) })),
    graphName: graph.name ?? '',
    nodeOps: (graph.node ?? []).map((n) => n.opType ?? ''),
    subgraphCount: countSubgraphs(graph),
    functionCount: model.functions.length,
    trainingInfoCount: model.trainingInfo.length,
    inputs: (graph.input ?? []).filter((v) => !initSet.has(v.name ?? '')).map(describeValue),
    outputs: (graph.output ?? []).map(describeValue),
    initializers,
    metadata: Object.fromEntries(model.metadataProps.map((p) => [p.key ?? '', p.value ?? ''])),
  };
}

function describeValue(v: onnx.IValueInfoProto): OnnxValueDescription {
  const tensor = v.type?.tensorType;
  const elem = tensor?.elemType;
  return {
    name: v.name ?? '',
    elemType: elem == null ? 'UNKNOWN' : (onnx.TensorProto.DataType[elem] ?? `TYPE_${elem}`),
    shape: (tensor?.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : toNumber(d.dimValue))),
  };
}

function countSubgraphs(graph: onnx.IGraphProto): number {
  let count = 0;
  for (const n of graph.node ?? []) {
    for (const a of n.attribute ?? []) {
      const nested = [...(a.g ? [a.g] : []), ...(a.graphs ?? [])];
      for (const g of nested) count += 1 + countSubgraphs(g);
    }
  }
  return count;
}

/** protobufjs decodes int64 fields as Long when the `long` package is present, else as number. */
export function toNumber(v: number | { toNumber(): number } | null | undefined): number {
  if (v == null) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}
