import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describeOnnxModel } from '@ares/onnx';
import { FEATURES_METADATA_KEY, MODEL_KIND_METADATA_KEY } from '@ares/onnx';
import type { GbdtObjective } from '@ares/gbdt';
import { gbdtModelKind, PROBABILITIES_OUTPUT, PROBABILITY_OUTPUT, VARIABLE_OUTPUT } from './gbdt-onnx-export';

/**
 * A GBDT ONNX model loaded into onnxruntime-node (CPU).
 *
 * Not libs/onnx loadOnnxModel: that one rejects non-finite inputs (right for the logistic
 * model, wrong for trees, where NaN is "missing" and routed by defaultLeft) and returns one
 * column only. Here values go in as Math.fround would round them, NaN and ±Infinity included.
 */
export interface GbdtOnnxModel {
  readonly objective: GbdtObjective;
  /** Probability columns per row: K for multiclass, else 1. */
  readonly outputWidth: number;
  readonly featureNames: string[];
  /**
   * Column-major input (one array per feature, model order); `rows` picks rows (null = all).
   * Returns P(class 1) per row (binary), row-major n×K probabilities (multiclass), or values (regression).
   */
  predict(columns: ArrayLike<number>[], rows?: Int32Array | null): Promise<Float64Array>;
  /** Row-major float32 input [n × F], the serving fast path (no copy). Output as for predict. */
  predictPacked(features: Float32Array): Promise<Float64Array>;
  release(): Promise<void>;
}

const OUTPUT_BY_OBJECTIVE: Record<GbdtObjective, string> = {
  binary: PROBABILITY_OUTPUT,
  multiclass: PROBABILITIES_OUTPUT,
  regression: VARIABLE_OUTPUT,
};

export async function loadGbdtOnnxModel(bytes: Uint8Array): Promise<GbdtOnnxModel> {
  const d = describeOnnxModel(bytes);
  const kind = d.metadata[MODEL_KIND_METADATA_KEY];
  const objective = (['binary', 'multiclass', 'regression'] as const).find((o) => gbdtModelKind(o) === kind);
  if (!objective) throw new Error(`not an Ares GBDT model: metadata '${MODEL_KIND_METADATA_KEY}' is ${JSON.stringify(kind)}`);
  const featureNames = JSON.parse(d.metadata[FEATURES_METADATA_KEY] ?? 'null') as unknown;
  if (!Array.isArray(featureNames) || !featureNames.every((n) => typeof n === 'string')) {
    throw new Error(`GBDT model metadata '${FEATURES_METADATA_KEY}' must be a JSON array of strings`);
  }
  const input = d.inputs.length === 1 ? d.inputs[0] : undefined;
  if (!input || input.elemType !== 'FLOAT' || input.shape[1] !== featureNames.length) {
    throw new Error(`GBDT model must have one float32 input [N, ${featureNames.length}]`);
  }
  const outputName = OUTPUT_BY_OBJECTIVE[objective];
  const output = d.outputs.find((o) => o.name === outputName);
  const width = output?.shape[1];
  if (typeof width !== 'number') throw new Error(`GBDT ${objective} model has no output '${outputName}' [N, k]`);
  let session: InferenceSession;
  try {
    session = await InferenceSession.create(bytes);
  } catch (err) {
    throw new Error(`onnxruntime could not load the GBDT model: ${(err as Error).message}`, { cause: err });
  }
  return new GbdtSession(session, objective, width, featureNames as string[], input.name, outputName);
}

class GbdtSession implements GbdtOnnxModel {
  private released = false;

  constructor(
    private readonly session: InferenceSession,
    readonly objective: GbdtObjective,
    readonly outputWidth: number,
    readonly featureNames: string[],
    private readonly inputName: string,
    private readonly outputName: string,
  ) {}

  predict(columns: ArrayLike<number>[], rows: Int32Array | null = null): Promise<Float64Array> {
    const f = this.featureNames.length;
    if (columns.length !== f) throw new Error(`GBDT model expects ${f} feature columns, got ${columns.length}`);
    const length = columns[0].length;
    columns.forEach((c, j) => {
      if (c.length !== length) throw new Error(`feature column ${j} ('${this.featureNames[j]}') has ${c.length} rows, expected ${length}`);
    });
    const n = rows ? rows.length : length;
    const packed = new Float32Array(n * f);
    for (let i = 0; i < n; i++) {
      const r = rows ? rows[i] : i;
      if (r < 0 || r >= length) throw new Error(`rows[${i}] = ${r} is outside 0..${length - 1}`);
      for (let j = 0; j < f; j++) packed[i * f + j] = columns[j][r];
    }
    return this.predictPacked(packed);
  }

  async predictPacked(features: Float32Array): Promise<Float64Array> {
    if (this.released) throw new Error('GbdtOnnxModel.predict called after release()');
    const f = this.featureNames.length;
    if (features.length % f !== 0) throw new Error(`packed features length ${features.length} is not a multiple of ${f}`);
    const n = features.length / f;
    if (n === 0) return new Float64Array(0);
    let results: InferenceSession.ReturnType;
    try {
      // Fetch only the output we return; the label output is not computed into JS.
      results = await this.session.run({ [this.inputName]: new Tensor('float32', features, [n, f]) }, [this.outputName]);
    } catch (err) {
      throw new Error(`onnxruntime failed to run the GBDT model: ${(err as Error).message}`, { cause: err });
    }
    const t = results[this.outputName];
    const expected = n * this.outputWidth;
    if (t.type !== 'float32' || t.data.length !== expected) {
      throw new Error(`output '${this.outputName}' is ${t.type} [${t.dims.join(', ')}], expected float32 [${n}, ${this.outputWidth}]`);
    }
    return Float64Array.from(t.data as Float32Array);
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release();
  }
}
