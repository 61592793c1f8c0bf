import { Rng, mulberry32, sampleWithoutReplacement } from '../random/seeded-random';
import { sortFloat32 } from './float32-radix-sort';

/**
 * Quantile binning (LightGBM's "bin mapper").
 *
 * Bin 0 is reserved for NaN. Non-NaN values fall into value bins 1..numBins-1, delimited by
 * float32 `boundaries`: bin(x) = 1 + #{ t in boundaries : fround(x) >= t }.
 * A split "left = bins 1..b" is therefore exactly `fround(x) < boundaries[b - 1]`, the same test
 * the predictor and ONNX (BRANCH_LT) use, for *any* x, seen in training or not.
 *
 * Each boundary lies between two adjacent distinct sample values a < c: the float32 midpoint
 * when it is strictly above a, otherwise c itself (so a goes left and c goes right).
 */
export const NAN_BIN = 0;

export interface FeatureBinEdges {
  /** Ascending float32 values; value bin b (1-based) holds boundaries[b-2] <= x < boundaries[b-1]. */
  boundaries: Float64Array;
  /** boundaries.length + 2: the NaN bin plus the value bins. */
  numBins: number;
}

export interface BinningOptions {
  /** Total bins per feature including the NaN bin; 3..256. */
  maxBins: number;
  /** Rows sampled to find the quantiles; beyond this the edges barely move. */
  sampleSize?: number;
  seed: number;
}

export const DEFAULT_BIN_SAMPLE_SIZE = 200_000;

/** Learns bin edges for every column from (a seeded sample of) the selected rows. */
export function fitBinEdges(columns: ReadonlyArray<ArrayLike<number>>, rows: Int32Array | undefined, options: BinningOptions): FeatureBinEdges[] {
  if (options.maxBins < 3 || options.maxBins > 256) throw new RangeError(`maxBins must be in 3..256, got ${options.maxBins}`);
  const n = rows ? rows.length : columns.length ? columns[0].length : 0;
  const sampleSize = options.sampleSize ?? DEFAULT_BIN_SAMPLE_SIZE;
  const rng: Rng = mulberry32(options.seed ^ 0x5bd1e995);
  // One sample shared by all features: monotone transforms of a feature then yield identical bins.
  const picked = n > sampleSize ? sampleWithoutReplacement(n, sampleSize, rng) : undefined;
  const m = picked ? picked.length : n;
  const values = new Float32Array(m);
  const scratch = new Float32Array(m);
  const distinct = new Float64Array(m);
  const counts = new Int32Array(m);
  return columns.map((col) => {
    let k = 0;
    for (let i = 0; i < m; i++) {
      const j = picked ? picked[i] : i;
      const x = col[rows ? rows[j] : j];
      if (x === x) values[k++] = x;
    }
    const sorted = sortFloat32(values.subarray(0, k), scratch.subarray(0, k));
    return edgesFromSorted(sorted, options.maxBins - 1, distinct, counts);
  });
}

/**
 * Boundaries from sorted non-NaN values, at most maxValueBins bins, roughly equal counts.
 * `distinct` and `counts` are scratch space at least as long as `sorted`.
 */
export function edgesFromSorted(
  sorted: ArrayLike<number>,
  maxValueBins: number,
  distinct = new Float64Array(sorted.length),
  counts = new Int32Array(sorted.length),
): FeatureBinEdges {
  let numDistinct = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) counts[numDistinct - 1]++;
    else {
      distinct[numDistinct] = sorted[i];
      counts[numDistinct++] = 1;
    }
  }
  const cutsAfter: number[] = [];
  if (numDistinct <= maxValueBins) {
    for (let i = 0; i + 1 < numDistinct; i++) cutsAfter.push(i);
  } else {
    // Greedy equal-frequency: re-aim at remaining/binsLeft so a heavy point mass does not starve later bins.
    let remaining = sorted.length;
    let binsLeft = maxValueBins;
    let acc = 0;
    for (let i = 0; i + 1 < numDistinct && binsLeft > 1; i++) {
      acc += counts[i];
      if (acc >= remaining / binsLeft) {
        cutsAfter.push(i);
        remaining -= acc;
        acc = 0;
        binsLeft--;
      }
    }
  }
  const boundaries = new Float64Array(cutsAfter.length);
  cutsAfter.forEach((i, k) => (boundaries[k] = boundaryBetween(distinct[i], distinct[i + 1])));
  return { boundaries, numBins: boundaries.length + 2 };
}

/** A float32 t with a < t <= c, as central as float32 allows. */
export function boundaryBetween(a: number, c: number): number {
  const mid = Math.fround(a / 2 + c / 2);
  return mid > a ? mid : c;
}

/** The bin of one raw value (fround applied here). */
export function binOf(x: number, edges: FeatureBinEdges): number {
  return binInTable(Math.fround(x), searchTable(edges, new Float64Array(SEARCH_TABLE_SIZE)));
}

/** Column-major bins of the selected rows: result[f][i] is the bin of columns[f][rows[i]]. */
export function applyBins(
  columns: ReadonlyArray<ArrayLike<number>>,
  rows: Int32Array | undefined,
  edges: ReadonlyArray<FeatureBinEdges>,
): Uint8Array[] {
  const n = rows ? rows.length : columns.length ? columns[0].length : 0;
  const table = new Float64Array(SEARCH_TABLE_SIZE);
  return columns.map((col, f) => {
    const out = new Uint8Array(n);
    searchTable(edges[f], table);
    for (let i = 0; i < n; i++) out[i] = binInTable(Math.fround(col[rows ? rows[i] : i]), table);
    return out;
  });
}

/** Boundaries padded to 256 with NaN, which no value is >= of. */
const SEARCH_TABLE_SIZE = 256;

function searchTable(edges: FeatureBinEdges, table: Float64Array): Float64Array {
  table.fill(NaN).set(edges.boundaries);
  return table;
}

/**
 * 1 + #{boundaries <= v} (NaN: NAN_BIN) as a fixed 8-step search, with no data-dependent branch: `step * +(test)`
 * compiles to a flag-to-integer move where `test ? step : 0` compiles to a jump (4× slower on unsorted values).
 */
function binInTable(v: number, table: Float64Array): number {
  let lo = 0;
  lo += 128 * +(v >= table[lo + 127]);
  lo += 64 * +(v >= table[lo + 63]);
  lo += 32 * +(v >= table[lo + 31]);
  lo += 16 * +(v >= table[lo + 15]);
  lo += 8 * +(v >= table[lo + 7]);
  lo += 4 * +(v >= table[lo + 3]);
  lo += 2 * +(v >= table[lo + 1]);
  lo += +(v >= table[lo]);
  return v === v ? lo + 1 : NAN_BIN;
}
