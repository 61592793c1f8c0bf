import { chartFrame, emptyChart, LegendItem, renderChart } from './chart-frame';
import { downsampleIndices, MAX_POLYLINE_POINTS } from './downsample';
import { bandPath, linePath, px } from './path';
import { finiteExtent } from './scale';
import { escapeHtml } from '../html/escape';

export interface FanBand {
  label: string;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  color: string;
}

export interface FanChartOptions {
  title: string;
  x: ArrayLike<number>;
  /** Outermost first: each is drawn over the previous one. */
  bands: FanBand[];
  median: { label: string; y: ArrayLike<number>; color: string };
  /** A path to lay over the fan, e.g. what actually happened (its own x). */
  overlay?: { label: string; x: ArrayLike<number>; y: ArrayLike<number>; color: string };
  reference?: number;
  xLabel?: string;
  yLabel?: string;
  xFormat?: (value: number) => string;
  yFormat?: (value: number) => string;
  height?: number;
}

/** A Monte Carlo fan: percentile bands of simulated paths, their median, and optionally the realised path. */
export function fanChart(options: FanChartOptions): string {
  const { x, bands, median, overlay } = options;
  const ys = [...bands.flatMap((band) => [band.lower, band.upper]), median.y, ...(overlay ? [overlay.y] : [])];
  const xExtent = finiteExtent(x, overlay?.x ?? []);
  const yExtent = finiteExtent(...ys, options.reference === undefined ? [] : [options.reference]);
  if (!xExtent || !yExtent || x.length === 0) return emptyChart(options.title, 'no fan to draw');
  const legend: LegendItem[] = [
    ...bands.map((band): LegendItem => ({ label: band.label, color: band.color, shape: 'band' })),
    { label: median.label, color: median.color, shape: 'line' },
    ...(overlay ? [{ label: overlay.label, color: overlay.color, shape: 'line' } satisfies LegendItem] : []),
  ];
  const frameOptions = {
    title: options.title,
    height: options.height,
    x: { domain: xExtent, format: options.xFormat, label: options.xLabel, nice: false },
    y: { domain: yExtent, format: options.yFormat, label: options.yLabel },
    legend,
  };
  const frame = chartFrame(frameOptions);
  const marks: string[] = [];
  // Percentile series share their x: one choice of points (by the median's extremes) for every band.
  const fanPoints = downsampleIndices(median.y, MAX_POLYLINE_POINTS);
  for (const band of bands) {
    const d = bandPath(x, band.lower, band.upper, frame.x, frame.y, fanPoints);
    marks.push(`<path d="${d}" fill="${escapeHtml(band.color)}" fill-opacity="0.35" stroke="none"/>`);
  }
  if (options.reference !== undefined) {
    const ry = px(frame.y(options.reference));
    marks.push(`<line x1="${px(frame.left)}" y1="${ry}" x2="${px(frame.right)}" y2="${ry}" stroke="#6b7580"/>`);
  }
  marks.push(`<path d="${linePath(x, median.y, frame.x, frame.y, fanPoints)}" fill="none" stroke="${escapeHtml(median.color)}" stroke-width="2"/>`);
  if (overlay) {
    const picked = downsampleIndices(overlay.y, MAX_POLYLINE_POINTS);
    marks.push(
      `<path d="${linePath(overlay.x, overlay.y, frame.x, frame.y, picked)}" fill="none" stroke="${escapeHtml(overlay.color)}" stroke-width="1.5"/>`,
    );
  }
  return renderChart(frame, frameOptions, marks.join(''));
}
