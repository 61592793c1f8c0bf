import { RunView } from './api-client';

const pct = (value: number) => `${(value * 100).toFixed(2)} %`;
const num = (value: number | undefined, digits = 2) => (typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : '—');

/** How much of the run may be luck: the verdict, the deflated Sharpe and PBO, the CPCV paths and the Monte Carlo bands. */
export function renderLuck(run: RunView): string {
  const stage = (name: string) => run.stages.find((candidate) => candidate.name === name && candidate.status === 'completed');
  const mc = stage('monte-carlo');
  const cv = stage('cross-validation');
  const lines: string[] = [];
  const verdict = (mc as { summary?: { verdict?: string } } | undefined)?.summary?.verdict;
  if (verdict) lines.push(`Verdict: ${verdict}`);
  if (mc) {
    const m = mc.metrics;
    lines.push(
      `  PSR ${num(m.psr)}, DSR ${num(m.dsr)} over ${m.trials} trials, PBO ${num(m.pbo)}`,
      `  Monte Carlo (${m.paths} stationary-bootstrap paths, expected block ${num(m.expectedBlock, 1)} bars): final return P5 ${pct(m.finalReturnP5)}, ` +
        `P50 ${pct(m.finalReturnP50)}, P95 ${pct(m.finalReturnP95)}; max drawdown P95 ${pct(m.maxDrawdownP95)}; ` +
        `P(drawdown beyond threshold) ${num(m.drawdownExceedance, 3)}; P(ending below the start) ${num(m.lossProbability, 3)}`,
    );
  }
  if (cv) {
    const m = cv.metrics;
    lines.push(
      `  CPCV (${m.splits} trainings, ${m.paths} paths, on the selection range): path Sharpe ${num(m.pathSharpeMean)} ± ${num(m.pathSharpeStd)} ` +
        `[${num(m.pathSharpeMin)}, ${num(m.pathSharpeMax)}], path return ${pct(m.pathReturnMin)} … ${pct(m.pathReturnMax)}; ` +
        `${pct(m.pathsBeatingBuyAndHold)} of paths beat buy-and-hold (${pct(m.buyAndHoldReturn)})`,
    );
  }
  return lines.join('\n');
}
