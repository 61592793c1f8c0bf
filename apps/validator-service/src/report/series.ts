/** Equity from per-bar simple returns, starting at 1 before the first bar (n returns → n + 1 points). */
export function equityOf(returns: ArrayLike<number>): Float64Array {
  const equity = new Float64Array(returns.length + 1);
  equity[0] = 1;
  for (let i = 0; i < returns.length; i++) equity[i + 1] = equity[i] * (1 + returns[i]);
  return equity;
}

/** Drawdown below the running peak at every point, as a negative fraction (0 at a new high). */
export function drawdownOf(equity: ArrayLike<number>): Float64Array {
  const drawdown = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let i = 0; i < equity.length; i++) {
    if (equity[i] > peak) peak = equity[i];
    drawdown[i] = peak > 0 ? equity[i] / peak - 1 : 0;
  }
  return drawdown;
}

/** The deepest drawdown, as a positive fraction. */
export function maxDrawdownOf(equity: ArrayLike<number>): number {
  const drawdown = drawdownOf(equity);
  let worst = 0;
  for (let i = 0; i < drawdown.length; i++) if (drawdown[i] < worst) worst = drawdown[i];
  return worst === 0 ? 0 : -worst;
}

/** Whether every value is the same (a flat strategy, a constant series). */
export function isConstant(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}
