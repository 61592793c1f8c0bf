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
  longTrades?: number;
  shortTrades?: number;
  longPnl?: number;
  shortPnl?: number;
  averageBetSize?: number;
  fundingPaid?: number;
}

const pct = (value: number) => `${(value * 100).toFixed(2)} %`;

/** The walk-forward stage's folds and overall line as a table, or '' when the run has none. */
export function renderWalkForward(run: RunView): string {
  const stage = run.stages.find((candidate) => candidate.name === 'walk-forward') as
    (RunView['stages'][number] & { summary?: { folds?: FoldRow[]; mode?: string; model?: string; market?: string } }) | undefined;
  const folds = stage?.summary?.folds;
  if (!stage || !folds || stage.status !== 'completed') return '';
  const header = [
    'fold',
    'test window',
    'trades',
    'long/short',
    'long P&L',
    'short P&L',
    'return',
    'Sharpe',
    'max DD',
    'hit rate',
    'exposure',
    'avg bet',
    'funding',
    'buy & hold',
  ];
  const cells = (window: string, label: string, f: Omit<FoldRow, 'fold' | 'testStart' | 'testEnd'>) => [
    label,
    window,
    String(f.trades),
    `${f.longTrades ?? f.trades}/${f.shortTrades ?? 0}`,
    pct(f.longPnl ?? f.totalReturn),
    pct(f.shortPnl ?? 0),
    pct(f.totalReturn),
    f.sharpe.toFixed(2),
    pct(f.maxDrawdown),
    pct(f.hitRate),
    pct(f.exposure),
    (f.averageBetSize ?? 1).toFixed(2),
    pct(f.fundingPaid ?? 0),
    pct(f.buyAndHoldReturn),
  ];
  const rows = folds.map((f) => cells(`${f.testStart.slice(0, 10)} → ${f.testEnd.slice(0, 10)}`, String(f.fold), f));
  rows.push(cells(`${folds[0].testStart.slice(0, 10)} → ${folds.at(-1)!.testEnd.slice(0, 10)}`, 'all', stage.metrics as unknown as FoldRow));
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  return [
    `walk-forward of the ${stage.summary?.model ?? ''} model on ${stage.summary?.market ?? 'spot'} (${stage.summary?.mode ?? 'rolling'}, after fees, slippage, ` +
      `borrow or funding; funding paid is signed, negative = received; buy & hold over the same windows):`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(0, -1).map(line),
    line(widths.map((w) => '-'.repeat(w))),
    line(rows.at(-1)!),
  ].join('\n');
}
