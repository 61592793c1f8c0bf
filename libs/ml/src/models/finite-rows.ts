// Builtins bound once: a global lookup per call is slow inside a vm context (Jest's runs every spec in one).
const { isFinite } = Number;
/**
 * Models need every feature of every row they see to be finite; NaN would silently poison a fit or a prediction.
 * Callers select rows with finiteRows; the models assert with assertFiniteRows so a row that slipped through fails
 * loudly, naming the row and the feature.
 */

/** The rows (in order) where every column is finite. */
export function finiteRows(columns: Float64Array[], rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  let count = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    let ok = true;
    for (let j = 0; j < columns.length && ok; j++) ok = isFinite(columns[j][r]);
    if (ok) out[count++] = r;
  }
  return out.slice(0, count);
}

/** Throws on the first row that is out of range or has a non-finite feature. */
export function assertFiniteRows(columns: Float64Array[], featureNames: readonly string[], rows: Int32Array, what: string): void {
  if (columns.length !== featureNames.length)
    throw new RangeError(`${what}: ${columns.length} feature columns but ${featureNames.length} feature names`);
  for (let j = 0; j < columns.length; j++) {
    const column = columns[j];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (r < 0 || r >= column.length) throw new RangeError(`${what}: row ${r} is outside feature '${featureNames[j]}' (${column.length} rows)`);
      if (!isFinite(column[r])) {
        throw new RangeError(`${what}: row ${r} has non-finite feature '${featureNames[j]}' (${column[r]}); exclude such rows first (finiteRows)`);
      }
    }
  }
}
