import { escapeHtml } from '../html/escape';
import { chartFrame, emptyChart, LegendItem, renderChart, Tick } from './chart-frame';
import { downsampleIndices, MAX_POLYLINE_POINTS } from './downsample';
import { bandPath, linePath, px } from './path';
import { finiteExtent } from './scale';

export interface LineSeries {
  label: string;
  y: ArrayLike<number>;
  /** Default: the index, 0..n−1. */
  x?: ArrayLike<number>;
  color: string;
  dashed?: boolean;
  /** Fill between the line and this value (e.g. 0 under a drawdown). */
  fillTo?: number;
  width?: number;
}

/** A vertical rule at an x value, e.g. where a walk-forward fold begins. */
export interface Guide {
  x: number;
  label?: string;
}

export interface LineChartOptions {
  title: string;
  series: LineSeries[];
  xLabel?: string;
  yLabel?: string;
  xFormat?: (value: number) => string;
  yFormat?: (value: number) => string;
  xTicks?: Tick[];
  guides?: Guide[];
  /** A horizontal reference line (1 for equity, 0 for returns). */
  reference?: number;
  /** Values the y axis must include besides the data's. */
  yInclude?: number[];
  height?: number;
  maxPoints?: number;
}

const indexAxis = (n: number) => Float64Array.from({ length: n }, (_, i) => i);

/** Lines (optionally filled to a baseline) on shared axes, each downsampled to at most `maxPoints` points. */
export function lineChart(options: LineChartOptions): string {
  const series = options.series.map((s) => ({ ...s, x: s.x ?? indexAxis(s.y.length) }));
  const xExtent = finiteExtent(...series.map((s) => s.x));
  const yExtent = finiteExtent(
    ...series.map((s) => s.y),
    [...(options.yInclude ?? []), ...(options.reference === undefined ? [] : [options.reference])],
    series.flatMap((s) => (s.fillTo === undefined ? [] : [s.fillTo])),
  );
  if (!xExtent || !finiteExtent(...series.map((s) => s.y))) return emptyChart(options.title, 'no finite values to draw');
  const legend: LegendItem[] = series.map((s) => ({
    label: s.label,
    color: s.color,
    shape: s.dashed ? 'dash' : s.fillTo !== undefined ? 'band' : 'line',
  }));
  const frameOptions = {
    title: options.title,
    height: options.height,
    // The x axis ends where the data end (bars, trials): no empty stretch after the last point.
    x: { domain: xExtent, ticks: options.xTicks, format: options.xFormat, label: options.xLabel, nice: false },
    y: { domain: yExtent!, format: options.yFormat, label: options.yLabel },
    legend: series.length > 1 || series.some((s) => s.fillTo !== undefined) ? legend : undefined,
  };
  const frame = chartFrame(frameOptions);
  const marks: string[] = [];
  const guideLabels: string[] = [];
  for (const guide of options.guides ?? []) {
    const gx = px(frame.x(guide.x));
    marks.push(`<line x1="${gx}" y1="${px(frame.top)}" x2="${gx}" y2="${px(frame.bottom)}" stroke="#9aa3ad" stroke-dasharray="2 3"/>`);
    if (guide.label)
      guideLabels.push(`<text x="${px(frame.x(guide.x) + 3)}" y="${px(frame.top + 11)}" fill="#6b7580">${escapeHtml(guide.label)}</text>`);
  }
  if (options.reference !== undefined) {
    const ry = px(frame.y(options.reference));
    marks.push(`<line x1="${px(frame.left)}" y1="${ry}" x2="${px(frame.right)}" y2="${ry}" stroke="#6b7580" stroke-width="1"/>`);
  }
  for (const s of series) {
    const picked = downsampleIndices(s.y, options.maxPoints ?? MAX_POLYLINE_POINTS);
    const color = escapeHtml(s.color);
    if (s.fillTo !== undefined) {
      marks.push(`<path d="${bandPath(s.x, s.fillTo, s.y, frame.x, frame.y, picked)}" fill="${color}" fill-opacity="0.25" stroke="none"/>`);
    }
    const dash = s.dashed ? ' stroke-dasharray="5 3"' : '';
    marks.push(
      `<path d="${linePath(s.x, s.y, frame.x, frame.y, picked)}" fill="none" stroke="${color}" stroke-width="${s.width ?? 1.5}"${dash} stroke-linejoin="round"/>`,
    );
  }
  // Guide labels last: above any filled area.
  return renderChart(frame, frameOptions, marks.join('') + guideLabels.join(''));
}
