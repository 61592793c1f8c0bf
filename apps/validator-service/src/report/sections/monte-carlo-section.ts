import { formatInteger, formatNumber, formatPercent, formatPercentTick, formatSignedPercent } from '../format';
import { Cell, htmlTable } from '../html/table';
import { PALETTE } from '../palette';
import { equityOf } from '../series';
import { fanChart } from '../svg/fan-chart';
import { absent, figure, keyFigures, paragraph, section } from './section';

export const MONTE_CARLO_SECTION = { id: 'monte-carlo', title: 'Monte Carlo' } as const;

/** Equity percentiles at evenly spaced bars (monte-carlo's fan). */
export interface Fan {
  bar: number[];
  p5: number[];
  p50: number[];
  p95: number[];
}

export interface MonteCarloData {
  paths: number | null;
  expectedBlock: number | null;
  fan: Fan | null;
  /** monte-carlo's metrics: finalReturnP5/P50/P95, sharpeP*, maxDrawdownP*, drawdownExceedance, lossProbability, trade*P*. */
  metrics: Record<string, number>;
  drawdownThreshold: number | null;
  /** The walk-forward's per-bar returns, to lay what happened over the fan. */
  realised?: Float64Array;
}

function percentileRow(label: string, metrics: Record<string, number>, name: string, format: (value: number) => string): Cell[] | undefined {
  const values = ['P5', 'P50', 'P95'].map((p) => metrics[`${name}${p}`]);
  return values.every((value) => value === undefined) ? undefined : [label, ...values.map(format)];
}

function fanOf(data: MonteCarloData): string {
  const fan = data.fan!;
  const n = Math.min(fan.bar.length, fan.p5.length, fan.p50.length, fan.p95.length);
  // Every path starts at equity 1 before its first bar.
  const x = [0, ...fan.bar.slice(0, n)];
  const at = (values: number[]) => [1, ...values.slice(0, n)];
  const realised = data.realised && data.realised.length > 0 ? equityOf(data.realised) : undefined;
  return fanChart({
    title: 'Monte Carlo fan of the walk-forward equity (stationary bootstrap)',
    x,
    bands: [{ label: 'P5–P95 of the paths', lower: at(fan.p5), upper: at(fan.p95), color: PALETTE.band }],
    median: { label: 'median path', y: at(fan.p50), color: PALETTE.median },
    overlay: realised ? { label: 'walk-forward', x: Float64Array.from(realised, (_, i) => i), y: realised, color: PALETTE.realised } : undefined,
    reference: 1,
    xLabel: 'bar',
    xFormat: formatInteger,
    yFormat: (value) => formatPercentTick(value - 1),
    yLabel: 'return',
  });
}

/** The walk-forward's luck: the bootstrap fan, percentiles of final return, Sharpe and drawdown, and loss odds. */
export function monteCarloSection(data: MonteCarloData | undefined, missing?: string): string {
  const { id, title } = MONTE_CARLO_SECTION;
  if (!data) return section(id, title, absent(missing ?? 'No Monte Carlo output: there is no fan or percentile to show.'));
  const m = data.metrics;
  const threshold = data.drawdownThreshold;
  const parts = [
    paragraph(
      `${formatInteger(data.paths)} paths of the walk-forward's per-bar returns by stationary bootstrap` +
        (data.expectedBlock === null ? '.' : ` (expected block ${formatNumber(data.expectedBlock, 1)} bars).`),
    ),
    keyFigures([
      { label: `P(drawdown > ${threshold === null ? 'threshold' : formatPercent(threshold, 0)})`, value: formatPercent(m.drawdownExceedance, 1) },
      { label: 'P(loss)', value: formatPercent(m.lossProbability, 1) },
      { label: 'median final return', value: formatSignedPercent(m.finalReturnP50) },
    ]),
    data.fan && data.fan.bar.length > 0 ? figure(fanOf(data)) : absent('The Monte Carlo output has no fan chart.'),
  ];
  const rows = [
    percentileRow('final return (bars)', m, 'finalReturn', (v) => formatSignedPercent(v)),
    percentileRow('Sharpe ratio (bars)', m, 'sharpe', (v) => formatNumber(v)),
    percentileRow('max drawdown (bars)', m, 'maxDrawdown', (v) => formatPercent(v)),
    percentileRow('final return (trades resampled)', m, 'tradeFinalReturn', (v) => formatSignedPercent(v)),
    percentileRow('max drawdown (trades reshuffled)', m, 'tradeMaxDrawdown', (v) => formatPercent(v)),
  ].filter((row): row is Cell[] => row !== undefined);
  parts.push(
    rows.length > 0
      ? htmlTable({
          columns: [{ label: '' }, { label: 'P5', numeric: true }, { label: 'P50', numeric: true }, { label: 'P95', numeric: true }],
          rows,
        })
      : absent('The Monte Carlo output has no percentiles.'),
  );
  if (m.tradeFinalReturnP50 === undefined && rows.length > 0)
    parts.push(paragraph('Too few trades to resample them: the trade rows are left out.', 'note'));
  return section(id, title, parts.join(''));
}
