import { formatInteger, formatNumber, formatPercent, formatPercentTick, formatSignedPercent } from '../format';
import { Cell, htmlTable } from '../html/table';
import { PALETTE } from '../palette';
import { drawdownOf, equityOf } from '../series';
import { Tick } from '../svg/chart-frame';
import { Guide, lineChart } from '../svg/line-chart';
import { absent, figure, paragraph, section } from './section';
import { WalkForwardData } from './walk-forward-data';

export const EQUITY_SECTION = { id: 'equity', title: 'Out-of-sample equity and drawdown' } as const;

/** Fold boundaries in the chained series, when every test window has the layout's length; else none. */
function foldLayout(data: WalkForwardData, bars: number): { guides: Guide[]; ticks: Tick[] | undefined } {
  const { foldBars, folds } = data;
  if (!foldBars || folds.length === 0 || foldBars * folds.length !== bars || folds.length > 12) return { guides: [], ticks: undefined };
  const guides = folds.slice(1).map((fold, k) => ({ x: (k + 1) * foldBars, label: `fold ${fold.fold}` }));
  const ticks = [
    ...folds.map((fold, k) => ({ value: k * foldBars, label: fold.testStart.slice(0, 10) })),
    { value: bars, label: folds[folds.length - 1].testEnd.slice(0, 10) },
  ];
  return { guides, ticks };
}

const figureRow = (label: string, strategy: string, hold: string): Cell[] => [label, strategy, hold];

function figuresTable(overall: Record<string, number>): string {
  const o = overall;
  const rows: Cell[][] = [
    figureRow('total return', formatSignedPercent(o.totalReturn), formatSignedPercent(o.buyAndHoldReturn)),
    figureRow('Sharpe ratio (annualised)', formatNumber(o.sharpe), formatNumber(o.buyAndHoldSharpe)),
    figureRow('max drawdown', formatPercent(o.maxDrawdown), formatPercent(o.buyAndHoldMaxDrawdown)),
    figureRow('trades (long / short)', `${formatInteger(o.trades)} (${formatInteger(o.longTrades)} / ${formatInteger(o.shortTrades)})`, ''),
    figureRow('hit rate', formatPercent(o.hitRate, 1), ''),
    figureRow('exposure (share of bars in a position)', formatPercent(o.exposure, 1), ''),
    figureRow('average bet size', formatNumber(o.averageBetSize), ''),
    figureRow('long P&L', formatSignedPercent(o.longPnl), ''),
    figureRow('short P&L', formatSignedPercent(o.shortPnl), ''),
    figureRow('fees paid', formatPercent(o.feesPaid, 3), ''),
    figureRow('slippage paid', formatPercent(o.slippagePaid, 3), ''),
    figureRow('borrow paid (spot shorts)', formatPercent(o.borrowPaid, 3), ''),
    figureRow('funding paid (negative: received)', formatSignedPercent(o.fundingPaid, 3), ''),
    figureRow('test bars', formatInteger(o.testBars), ''),
  ];
  return htmlTable({ columns: [{ label: '' }, { label: 'strategy', numeric: true }, { label: 'buy & hold', numeric: true }], rows });
}

/** The chained walk-forward equity against buy-and-hold, both drawdowns, and the overall figures with their costs. */
export function equitySection(data: WalkForwardData | undefined, missing?: string): string {
  const { id, title } = EQUITY_SECTION;
  if (!data) return section(id, title, absent(missing ?? 'No walk-forward output: there is no out-of-sample equity to show.'));
  const problems = data.problems.map((problem) => paragraph(problem, 'absent')).join('');
  if (data.strategy.length === 0) return section(id, title, problems + absent('The walk-forward recorded no out-of-sample bars.'));
  const strategy = equityOf(data.strategy);
  const hold = data.hold.length > 0 ? equityOf(data.hold) : undefined;
  const { guides, ticks } = foldLayout(data, data.strategy.length);
  const xLabel = ticks ? 'test windows (each fold’s first bar)' : 'bar of the chained test windows';
  const equityChart = lineChart({
    title: 'Walk-forward equity against buy-and-hold',
    series: [
      ...(hold ? [{ label: 'buy & hold', y: hold, color: PALETTE.hold, dashed: true }] : []),
      { label: `strategy (${data.model ?? 'model'})`, y: strategy, color: PALETTE.strategy, width: 2 },
    ],
    reference: 1,
    guides,
    xTicks: ticks,
    xFormat: formatInteger,
    yFormat: (value) => formatPercentTick(value - 1),
    yLabel: 'return',
    xLabel,
  });
  const drawdownChart = lineChart({
    title: 'Drawdown from the running peak',
    series: [
      ...(hold ? [{ label: 'buy & hold', y: drawdownOf(hold), color: PALETTE.hold, dashed: true }] : []),
      { label: 'strategy', y: drawdownOf(strategy), color: PALETTE.drawdown, fillTo: 0 },
    ],
    reference: 0,
    guides,
    xTicks: ticks,
    xFormat: formatInteger,
    yFormat: formatPercentTick,
    yLabel: 'drawdown',
    height: 190,
  });
  const noTrades = (data.overall.trades ?? data.trades.length) === 0;
  const body = [
    problems,
    noTrades ? absent('No trades: the model stayed flat in every test window, so its equity stays at 1 and its drawdown at zero.') : '',
    figure(
      equityChart,
      `${formatInteger(data.strategy.length)} out-of-sample bars${data.mode ? ` (${data.mode} walk-forward)` : ''}, after fees, slippage and borrow or funding.`,
    ),
    figure(drawdownChart),
    figuresTable(data.overall),
  ];
  return section(id, title, body.join(''));
}
