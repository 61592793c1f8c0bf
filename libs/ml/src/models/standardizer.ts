import { assertFiniteRows } from './finite-rows';

/** Per-feature centre and scale fitted on training rows only, then applied unchanged to any other rows. */
export interface Standardizer {
  mean: Float64Array;
  /** Population std; 1 where the std is 0 or not finite (a constant feature stays 0 after centring). */
  scale: Float64Array;
}

/**
 * Mean and population std of each column over `rows`. Two passes (mean, then squared deviations) rather than
 * running sums, which cancel catastrophically for large offsets such as prices. A column that is bit-identical on
 * every row gets exactly its value as mean and scale 1, so it standardises to exact zeros, not to ±round-off noise.
 */
export function fitStandardizer(columns: Float64Array[], rows: Int32Array): Standardizer {
  if (rows.length === 0) throw new RangeError('fitStandardizer needs at least one row');
  assertFiniteRows(
    columns,
    columns.map((_, j) => `column ${j}`),
    rows,
    'fitStandardizer',
  );
  const d = columns.length;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d).fill(1);
  const m = rows.length;
  for (let j = 0; j < d; j++) {
    const x = columns[j];
    let sum = 0;
    let constant = true;
    const first = x[rows[0]];
    for (let i = 0; i < m; i++) {
      sum += x[rows[i]];
      if (x[rows[i]] !== first) constant = false;
    }
    if (constant) {
      mean[j] = first;
      continue;
    }
    const mu = sum / m;
    let ss = 0;
    for (let i = 0; i < m; i++) {
      const e = x[rows[i]] - mu;
      ss += e * e;
    }
    const std = Math.sqrt(ss / m);
    mean[j] = mu;
    if (std > 0 && Number.isFinite(std)) scale[j] = std;
  }
  return { mean, scale };
}

/** Standardised copies of the selected rows: out[j][i] = (columns[j][rows[i]] − mean[j]) / scale[j]. */
export function standardize(columns: Float64Array[], rows: Int32Array, standardizer: Standardizer): Float64Array[] {
  const { mean, scale } = standardizer;
  if (columns.length !== mean.length) throw new RangeError(`standardize: ${columns.length} columns, standardizer has ${mean.length}`);
  return columns.map((x, j) => {
    const out = new Float64Array(rows.length);
    const mu = mean[j];
    const s = scale[j];
    for (let i = 0; i < rows.length; i++) out[i] = (x[rows[i]] - mu) / s;
    return out;
  });
}
