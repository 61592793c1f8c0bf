export interface OnnxParity {
  maxAbsDiff: number;
  /** Row of the largest difference (-1 when there are no rows). */
  worstRow: number;
}

/**
 * Check that an exported model reproduces its reference predictions.
 * NaN on either side counts as an infinite difference, so it can never pass silently.
 */
export function assertOnnxParity(expected: Float64Array, actual: Float64Array, tolerance = 1e-5): OnnxParity {
  if (!(tolerance >= 0)) throw new Error(`tolerance must be a non-negative number, got ${tolerance}`);
  if (expected.length !== actual.length) {
    throw new Error(`ONNX parity: expected ${expected.length} predictions, got ${actual.length}`);
  }
  let maxAbsDiff = 0;
  let worstRow = expected.length > 0 ? 0 : -1;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(expected[i] - actual[i]);
    const diff = Number.isNaN(d) ? Infinity : d;
    if (diff > maxAbsDiff) {
      maxAbsDiff = diff;
      worstRow = i;
    }
  }
  if (maxAbsDiff > tolerance) {
    throw new Error(
      `ONNX parity failed: max |diff| ${maxAbsDiff} > tolerance ${tolerance} at row ${worstRow} ` +
        `(expected ${expected[worstRow]}, onnx ${actual[worstRow]})`,
    );
  }
  return { maxAbsDiff, worstRow };
}
