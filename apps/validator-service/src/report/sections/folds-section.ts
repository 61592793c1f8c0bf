import { formatInteger, formatNumber, formatPercent, formatSignedPercent, formatTime } from '../format';
import { Cell, Column, htmlTable } from '../html/table';
import { absent, paragraph, section } from './section';
import { FoldRow, WalkForwardData } from './walk-forward-data';

export const FOLDS_SECTION = { id: 'folds', title: 'Walk-forward folds' } as const;

const costsOf = (m: Record<string, number>) => (m.feesPaid ?? 0) + (m.slippagePaid ?? 0) + (m.borrowPaid ?? 0);

/** One fold's (or the chained) figures; funding only where some fold paid or received any (a perpetual). */
function figures(m: Record<string, number>, funding: boolean): Cell[] {
  return [
    formatSignedPercent(m.totalReturn),
    formatNumber(m.sharpe),
    formatPercent(m.maxDrawdown),
    `${formatInteger(m.trades)} (${formatInteger(m.longTrades)}/${formatInteger(m.shortTrades)})`,
    formatSignedPercent(m.longPnl),
    formatSignedPercent(m.shortPnl),
    formatNumber(m.averageBetSize),
    formatPercent(costsOf(m), 2),
    ...(funding ? [formatSignedPercent(m.fundingPaid, 2)] : []),
    formatSignedPercent(m.buyAndHoldReturn),
  ];
}

function foldRow(fold: FoldRow, funding: boolean): Cell[] {
  const window = `${formatTime(fold.testStart)} → ${formatTime(fold.testEnd)}`;
  return [fold.fold, window, formatInteger(fold.trainRows), ...figures(fold.metrics, funding), fold.note ?? ''];
}

/** Each fold's test window, training size and backtest, long and short apart, with the chained overall row. */
export function foldsSection(data: WalkForwardData | undefined, missing?: string): string {
  const { id, title } = FOLDS_SECTION;
  if (!data) return section(id, title, absent(missing ?? 'No walk-forward output: there are no folds to list.'));
  if (data.folds.length === 0) return section(id, title, absent('The walk-forward report lists no folds.'));
  const funding = [data.overall, ...data.folds.map((fold) => fold.metrics)].some((m) => (m.fundingPaid ?? 0) !== 0);
  const columns: Column[] = [
    { label: 'fold', numeric: true },
    { label: 'test window (UTC)', nowrap: true },
    { label: 'train rows', numeric: true },
    { label: 'return', numeric: true },
    { label: 'Sharpe', numeric: true },
    { label: 'max DD', numeric: true },
    { label: 'trades (L/S)', numeric: true },
    { label: 'long P&L', numeric: true },
    { label: 'short P&L', numeric: true },
    { label: 'avg bet', numeric: true },
    { label: 'costs', numeric: true },
    ...(funding ? [{ label: 'funding', numeric: true }] : []),
    { label: 'buy & hold', numeric: true },
    { label: 'note' },
  ];
  const flat = data.folds.filter((fold) => fold.modelSha256 === null).length;
  const footer: Cell[] = ['all', 'chained', '', ...figures(data.overall, funding), flat > 0 ? `${flat} flat fold(s)` : ''];
  return section(
    id,
    title,
    htmlTable({ columns, rows: data.folds.map((fold) => foldRow(fold, funding)), footer }) +
      paragraph(
        `Costs: fees, slippage and borrow paid, as fractions of the fold's starting equity${funding ? '; funding signed, negative when received' : ''}.`,
        'note',
      ),
  );
}
