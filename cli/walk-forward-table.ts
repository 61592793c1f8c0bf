import { RunView } from './api-client';

interface FoldRow {
  fold: number;
  testStart: string;
  testEnd: string;
  trades: number;
  totalReturn: number;
  sharpe: number;
  maxDrawdown: number;
  hitRate: number;
  exposure: number;
  buyAndHoldReturn: number;
}

const pct = (value: number) => `${(value * 100).toFixed(2)} %`;

/** The walk-forward stage's folds and overall line as a table, or '' when the run has none. */
export function renderWalkForward(run: RunView): string {
  const stage = run.stages.find((candidate) => candidate.name === 'walk-forward') as
    (RunView['stages'][number] & { summary?: { folds?: FoldRow[]; mode?: string } }) | undefined;
  const folds = stage?.summary?.folds;
  if (!stage || !folds || stage.status !== 'completed') return '';
  const header = ['fold', 'test window', 'trades', 'return', 'Sharpe', 'max DD', 'hit rate', 'exposure', 'buy & hold'];
  const rows = folds.map((f) => [
    String(f.fold),
    `${f.testStart.slice(0, 10)} → ${f.testEnd.slice(0, 10)}`,
    String(f.trades),
    pct(f.totalReturn),
    f.sharpe.toFixed(2),
    pct(f.maxDrawdown),
    pct(f.hitRate),
    pct(f.exposure),
    pct(f.buyAndHoldReturn),
  ]);
  const m = stage.metrics;
  rows.push([
    'all',
    `${folds[0].testStart.slice(0, 10)} → ${folds.at(-1)!.testEnd.slice(0, 10)}`,
    String(m.trades),
    pct(m.totalReturn),
    m.sharpe.toFixed(2),
    pct(m.maxDrawdown),
    pct(m.hitRate),
    pct(m.exposure),
    pct(m.buyAndHoldReturn),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [
    `walk-forward (${stage.summary?.mode ?? 'rolling'}, after costs; buy & hold over the same windows):`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(0, -1).map(line),
    line(widths.map((w) => '-'.repeat(w))),
    line(rows.at(-1)!),
  ].join('\n');
}
