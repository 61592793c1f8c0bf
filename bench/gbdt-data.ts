import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFeatherCandles } from '@ares/market-data';
import { computeFeatures, finiteRows, Fold, trainingRows, tripleBarrierLabels } from '@ares/ml';
import { seededRandom } from '@ares/random';

/**
 * The two datasets of the GBDT benchmark (bench/gbdt.bench.ts), and how they are handed to the XGBoost peer
 * (bench/gbdt_xgboost.py): every split is written once, as raw little-endian float64 columns (feature after
 * feature, then the 0/1 label) plus a JSON header, so both sides train and score the very same numbers.
 */
export interface GbdtSplit {
  /** One column per feature, compacted to the split's rows. */
  columns: Float64Array[];
  /** 0/1. */
  label: Float64Array;
  rows: number;
}

export interface GbdtDataset {
  name: 'synthetic' | 'real';
  description: string;
  featureNames: string[];
  train: GbdtSplit;
  test: GbdtSplit;
}

function split(columns: Float64Array[], label: Float64Array, from: number, to: number): GbdtSplit {
  return { columns: columns.map((c) => c.slice(from, to)), label: label.slice(from, to), rows: to - from };
}

function pick(columns: Float64Array[], label: Float64Array, rows: Int32Array): GbdtSplit {
  const take = (source: Float64Array) => {
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = source[rows[i]];
    return out;
  };
  return { columns: columns.map(take), label: take(label), rows: rows.length };
}

/**
 * A seeded binary task: 30 features (x0..x29), Gaussian with a few correlated pairs and two heavy-tailed or
 * discrete ones; the log-odds depend non-linearly on six of them (a sine, an interaction, a threshold, a square, an
 * XOR of signs) plus Gaussian noise, the rest are distractors. About 3 % of the values of x2, x5..x9 and x20..x24 are
 * NaN, and a missing x3 carries signal of its own (like a feature that is missing for a reason). Rows are i.i.d.,
 * so the first 80 % train and the last 20 % test.
 */
export function syntheticGbdtDataset(rows = 200_000, seed = 20230324): GbdtDataset {
  const features = 30;
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const columns = Array.from({ length: features }, () => new Float64Array(rows));
  const label = new Float64Array(rows);
  const x = new Float64Array(features);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < features; j++) x[j] = normal();
    x[10] = 0.8 * x[0] + 0.6 * x[10]; // correlated with a signal feature, no signal of its own
    x[11] = 0.7 * x[1] + 0.7 * x[11];
    x[12] = Math.exp(x[12]); // heavy-tailed distractor
    x[13] = Math.floor(4 * random()); // discrete distractor (0..3)
    x[4] = Math.floor(6 * random()) - 2.5 + 0.1 * x[4]; // near-discrete signal feature
    const missing3 = random() < 0.05;
    const logit =
      1.4 * Math.sin(1.5 * x[0]) +
      0.9 * x[1] * x[2] +
      (missing3 ? 0.8 : x[3] > 0.5 ? 1.0 : -0.4) +
      0.25 * (x[4] * x[4] - 3) +
      (x[5] > 0 === x[6] > 0 ? 0.6 : -0.6) +
      0.2 * normal() -
      0.1;
    label[i] = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    for (let j = 0; j < features; j++) columns[j][i] = x[j];
    if (missing3) columns[3][i] = NaN;
    for (const j of [2, 5, 6, 7, 8, 9, 20, 21, 22, 23, 24]) if (random() < 0.03) columns[j][i] = NaN;
  }
  const cut = Math.floor(rows * 0.8);
  return {
    name: 'synthetic',
    description: `seeded synthetic binary task, ${rows.toLocaleString('en')} × ${features}, NaNs in 11 columns, 80/20 split`,
    featureNames: Array.from({ length: features }, (_, j) => `x${j}`),
    train: split(columns, label, 0, cut),
    test: split(columns, label, cut, rows),
  };
}

function mean(values: Float64Array, rows: Int32Array): number {
  let sum = 0;
  for (const r of rows) sum += values[r];
  return rows.length ? sum / rows.length : NaN;
}

export const REAL_HORIZON_BARS = 24;
export const REAL_TIMEFRAME_MS = 300_000;

/**
 * Real 5m BTC/USDT 2023 bars: Ares' 'full' features (candles only), triple-barrier labels with σ = vol_24·√24,
 * kTp = kSl = 1, h = 24; target = take-profit touched first. Rows with a non-finite feature or no label are dropped;
 * the first 70 % of the remaining rows (in time) train, the last 30 % test, and training rows whose label reaches the
 * test start are purged.
 */
export function realGbdtDataset(featherPath: string): GbdtDataset & { bars: number; purged: number } {
  const candles = parseFeatherCandles(readFileSync(featherPath), featherPath);
  const features = computeFeatures(candles, { timeframeMs: REAL_TIMEFRAME_MS, featureSet: 'full' });
  const vol = features.columns[features.names.indexOf('vol_24')];
  if (!vol) throw new Error(`feature set has no vol_24 (${features.names.join(', ')})`);
  const h = REAL_HORIZON_BARS;
  const sigma = vol.map((v) => v * Math.sqrt(h));
  const labels = tripleBarrierLabels(candles, sigma, { kTp: 1, kSl: 1, horizonBars: h }, { timeframeMs: REAL_TIMEFRAME_MS });
  const n = candles.length;
  const labelled = new Int32Array(n);
  let count = 0;
  for (let t = 0; t < n; t++) if (labels.valid[t] === 1) labelled[count++] = t;
  const usable = finiteRows(features.columns, labelled.slice(0, count));
  if (usable.length < 1000) throw new Error(`only ${usable.length} usable rows in ${featherPath}`);
  const testStart = usable[Math.floor(usable.length * 0.7)];
  const fold: Fold = { index: 0, trainStart: 0, trainEnd: testStart, testStart, testEnd: n };
  const purgedTrain = trainingRows(fold, labels.touchIndex, labels.valid, 0);
  const usableSet = new Uint8Array(n);
  for (const t of usable) usableSet[t] = 1;
  const train = purgedTrain.filter((t) => usableSet[t] === 1);
  const test = usable.filter((t) => t >= testStart);
  const target = new Float64Array(n);
  for (let t = 0; t < n; t++) target[t] = labels.label[t] === 1 ? 1 : 0;
  const purged = usable.length - test.length - train.length;
  return {
    name: 'real',
    description:
      `BTC/USDT 5m 2023 (${n.toLocaleString('en')} bars), ${features.names.length} 'full' features, ` +
      `triple-barrier h=${h} target = take-profit first (${(mean(target, usable) * 100).toFixed(1)} %); ` +
      `${train.length.toLocaleString('en')} train (${purged} purged) / ${test.length.toLocaleString('en')} test rows`,
    featureNames: features.names,
    train: pick(features.columns, target, train),
    test: pick(features.columns, target, test),
    bars: n,
    purged,
  };
}

export interface GbdtSplitFiles {
  rows: number;
  /** File of `features + 1` float64 LE columns of `rows` values: the features in order, then the label. */
  file: string;
}

export interface GbdtDatasetHeader {
  name: string;
  featureNames: string[];
  train: GbdtSplitFiles;
  test: GbdtSplitFiles;
  /** Ares' test-set probabilities (float64 LE), for a cross-check of the AUC with scikit-learn's. */
  aresPredictions?: string;
}

function writeColumns(path: string, columns: readonly Float64Array[]): void {
  const total = columns.reduce((s, c) => s + c.length, 0);
  const out = new Float64Array(total);
  let offset = 0;
  for (const c of columns) {
    out.set(c, offset);
    offset += c.length;
  }
  // Float64Array is platform-endian; every platform Node runs on here is little-endian.
  writeFileSync(path, new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
}

export function writeFloat64(path: string, values: Float64Array): void {
  writeColumns(path, [values]);
}

export function readFloat64(path: string): Float64Array {
  const bytes = readFileSync(path);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
}

/** Writes `<dir>/<name>.{train,test}.bin` and returns the dataset's header entry. */
export function writeGbdtDataset(dir: string, dataset: GbdtDataset): GbdtDatasetHeader {
  const entry = (part: 'train' | 'test'): GbdtSplitFiles => {
    const file = `${dataset.name}.${part}.bin`;
    writeColumns(join(dir, file), [...dataset[part].columns, dataset[part].label]);
    return { rows: dataset[part].rows, file };
  };
  return { name: dataset.name, featureNames: dataset.featureNames, train: entry('train'), test: entry('test') };
}
