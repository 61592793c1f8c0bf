/**
 * A training set holding one class only has nothing to rank rows by. Rather than fail the fit (and with it the run),
 * a split like that predicts its class's rate, smoothed so that it stays finite (Jeffreys: (k + ½) / (n + 1)): a
 * constant logit, as a walk-forward fold that cannot be fitted stays flat. Undefined when both classes are there.
 */
export function oneClassLogit(target: Uint8Array, rows: Int32Array): number | undefined {
  let positives = 0;
  for (let i = 0; i < rows.length; i++) positives += target[rows[i]];
  if (rows.length === 0 || (positives > 0 && positives < rows.length)) return undefined;
  const rate = (positives + 0.5) / (rows.length + 1);
  return Math.log(rate / (1 - rate));
}
