import { InferenceSession, Tensor } from 'onnxruntime-node';
import { describeOnnxModel, OnnxModelDescription } from './describe-onnx-model';
import { FEATURES_METADATA_KEY } from './logistic-model-onnx';

/** A loaded ONNX model that scores column-major feature matrices. */
export interface OnnxModel {
  /**
   * Score rows of a column-major matrix (one Float64Array per feature, in model column order).
   * `rows` picks row indices (null = every row). Returns the first output's first column.
   */
  predict(columns: Float64Array[], rows: Int32Array | null): Promise<Float64Array>;
  /** As predict, but every column of the first output, one Float64Array per column (e.g. a stacked model's K probabilities). */
  predictColumns(columns: Float64Array[], rows: Int32Array | null): Promise<Float64Array[]>;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** The model's metadata_props. */
  readonly metadata: Record<string, string>;
  /** Feature count from the input shape [N, F]. */
  readonly featureCount: number;
  /** From metadata `ares.features` when present, else null. */
  readonly featureNames: string[] | null;
  release(): Promise<void>;
}

/** Load ONNX bytes into onnxruntime-node (CPU). The model must take one float32 [N, F] input. */
export async function loadOnnxModel(bytes: Uint8Array): Promise<OnnxModel> {
  // Decode first: onnxruntime's own parse error says little, and we need metadata_props,
  // which the Node binding does not expose.
  const description = describeOnnxModel(bytes);
  const featureCount = checkInput(description);
  const featureNames = parseFeatureNames(description.metadata, featureCount);
  let session: InferenceSession;
  try {
    session = await InferenceSession.create(bytes);
  } catch (err) {
    throw new Error(`onnxruntime could not load the model: ${(err as Error).message}`, { cause: err });
  }
  return new OrtModel(session, description.metadata, featureCount, featureNames, declaredWidth(description));
}

/** The first output's column count when the graph fixes it ([N, K] or [N]), else null. */
function declaredWidth(d: OnnxModelDescription): number | null {
  const shape = d.outputs[0]?.shape ?? [];
  if (shape.length === 1) return 1;
  return shape.length === 2 && typeof shape[1] === 'number' ? shape[1] : null;
}

function checkInput(d: OnnxModelDescription): number {
  if (d.inputs.length !== 1) {
    throw new Error(`model must have exactly one input, has ${d.inputs.length} (${d.inputs.map((i) => i.name).join(', ')})`);
  }
  const input = d.inputs[0];
  if (input.elemType !== 'FLOAT') throw new Error(`input '${input.name}' must be float32, is ${input.elemType}`);
  const [, f] = input.shape;
  if (input.shape.length !== 2 || typeof f !== 'number' || f <= 0) {
    throw new Error(`input '${input.name}' must have shape [N, F] with a fixed F, has [${input.shape.join(', ')}]`);
  }
  return f;
}

function parseFeatureNames(metadata: Record<string, string>, featureCount: number): string[] | null {
  const raw = metadata[FEATURES_METADATA_KEY];
  if (raw === undefined) return null;
  let names: unknown;
  try {
    names = JSON.parse(raw);
  } catch {
    throw new Error(`metadata '${FEATURES_METADATA_KEY}' is not JSON: ${raw.slice(0, 80)}`);
  }
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string') || names.length !== featureCount) {
    throw new Error(`metadata '${FEATURES_METADATA_KEY}' must be a JSON array of ${featureCount} strings`);
  }
  return names as string[];
}

class OrtModel implements OnnxModel {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  private released = false;

  constructor(
    private readonly session: InferenceSession,
    readonly metadata: Record<string, string>,
    readonly featureCount: number,
    readonly featureNames: string[] | null,
    private readonly outputWidth: number | null,
  ) {
    this.inputNames = [...session.inputNames];
    this.outputNames = [...session.outputNames];
  }

  async predict(columns: Float64Array[], rows: Int32Array | null): Promise<Float64Array> {
    const result = await this.run(columns, rows, 'predict');
    if (!result) return new Float64Array(0);
    const { data, n, stride } = result;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = data[i * stride];
    return out;
  }

  async predictColumns(columns: Float64Array[], rows: Int32Array | null): Promise<Float64Array[]> {
    const result = await this.run(columns, rows, 'predictColumns');
    if (!result) {
      // ort is not run on 0 rows, so the width must come from the graph.
      if (this.outputWidth === null) throw new Error(`output '${this.outputNames[0]}' has no fixed width: cannot score 0 rows`);
      return Array.from({ length: this.outputWidth }, () => new Float64Array(0));
    }
    const { data, n, stride } = result;
    const out = Array.from({ length: stride }, () => new Float64Array(n));
    for (let i = 0; i < n; i++) for (let k = 0; k < stride; k++) out[k][i] = data[i * stride + k];
    return out;
  }

  /** The first output, row-major with `stride` columns; null for 0 rows (ort is not run). */
  private async run(
    columns: Float64Array[],
    rows: Int32Array | null,
    method: string,
  ): Promise<{ data: Float32Array | Float64Array; n: number; stride: number } | null> {
    if (this.released) throw new Error(`OnnxModel.${method} called after release()`);
    const data = this.pack(columns, rows);
    const n = data.length / this.featureCount;
    if (n === 0) return null;
    const input = new Tensor('float32', data, [n, this.featureCount]);
    let results: InferenceSession.ReturnType;
    try {
      results = await this.session.run({ [this.inputNames[0]]: input });
    } catch (err) {
      throw new Error(`onnxruntime failed to run the model: ${(err as Error).message}${realmHint(err)}`, { cause: err });
    }
    return { ...rowMajor(results[this.outputNames[0]], this.outputNames[0], n), n };
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.session.release();
  }

  /** Column-major float64 → row-major float32, rejecting anything that is not a finite float32. */
  private pack(columns: Float64Array[], rows: Int32Array | null): Float32Array {
    const f = this.featureCount;
    if (columns.length !== f) {
      throw new Error(`model expects ${f} feature columns${this.namesHint()}, got ${columns.length}`);
    }
    const length = columns[0].length;
    columns.forEach((c, j) => {
      if (!(c instanceof Float64Array)) throw new Error(`feature column ${this.label(j)} must be a Float64Array`);
      if (c.length !== length) {
        throw new Error(`feature column ${this.label(j)} has ${c.length} rows, column ${this.label(0)} has ${length}`);
      }
    });
    const n = rows ? rows.length : length;
    const out = new Float32Array(n * f);
    for (let i = 0; i < n; i++) {
      const r = rows ? rows[i] : i;
      if (rows && (r < 0 || r >= length)) throw new Error(`rows[${i}] = ${r} is outside 0..${length - 1}`);
      for (let j = 0; j < f; j++) {
        const v = columns[j][r];
        out[i * f + j] = v;
        // Read back: finite float64 values beyond ±3.4e38 become ±Infinity in float32.
        if (!Number.isFinite(out[i * f + j])) {
          const why = Number.isFinite(v) ? `${v} overflows float32` : `${v} is not finite`;
          throw new Error(`feature column ${this.label(j)} row ${r}: ${why}`);
        }
      }
    }
    return out;
  }

  private label(j: number): string {
    return this.featureNames ? `${j} ('${this.featureNames[j]}')` : `${j}`;
  }

  private namesHint(): string {
    return this.featureNames ? ` (${this.featureNames.join(', ')})` : '';
  }
}

function rowMajor(value: unknown, name: string, n: number): { data: Float32Array | Float64Array; stride: number } {
  const t = value as Tensor | undefined;
  if (!t || (t.type !== 'float32' && t.type !== 'float64')) {
    throw new Error(`output '${name}' must be a float32/float64 tensor, got ${t ? t.type : 'nothing'}`);
  }
  const data = t.data as Float32Array | Float64Array;
  if (t.dims[0] !== n || data.length % n !== 0) {
    throw new Error(`output '${name}' has shape [${t.dims.join(', ')}], expected ${n} rows`);
  }
  return { data, stride: data.length / n };
}

/** The one onnxruntime-node failure that is about the test harness, not the model: say so. */
function realmHint(err: unknown): string {
  return /tensor's data must be type of/.test(String((err as Error)?.message))
    ? ' (typed arrays from two JS contexts: under Jest, run this spec in ' +
        'libs/onnx/src/testing/onnx-test-environment.ts via a @jest-environment docblock)'
    : '';
}
