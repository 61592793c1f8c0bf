import { escapeHtml } from '../html/escape';
import { chartFrame, emptyChart, renderChart } from './chart-frame';
import { px } from './path';
import { drawableDomain, finiteExtent, tickStep } from './scale';

/** A labelled vertical rule on the value axis (zero, buy-and-hold's figure). */
export interface HistogramMarker {
  value: number;
  label: string;
  color: string;
}

export interface HistogramOptions {
  title: string;
  values: ArrayLike<number>;
  /** Default: about √n, between 1 and 30, on round boundaries. */
  bins?: number;
  color: string;
  xLabel?: string;
  xFormat?: (value: number) => string;
  markers?: HistogramMarker[];
  height?: number;
}

export interface HistogramBin {
  start: number;
  end: number;
  count: number;
}

const round = (value: number) => Number(value.toPrecision(12));

/** Counts of the finite values in equal bins with round edges covering them all; as numpy's, the last bin is closed. */
export function histogramBins(values: ArrayLike<number>, bins?: number): HistogramBin[] {
  const finite = Array.from(values).filter(Number.isFinite);
  if (finite.length === 0) return [];
  const wanted = bins ?? Math.min(30, Math.max(1, Math.ceil(Math.sqrt(finite.length))));
  const [lo, hi] = drawableDomain(finiteExtent(finite));
  const step = tickStep(lo, hi, wanted);
  const start = round(Math.floor(lo / step + 1e-9) * step);
  const count = Math.max(1, Math.ceil((hi - start) / step - 1e-9));
  const out = Array.from({ length: count }, (_, k) => ({ start: round(start + k * step), end: round(start + (k + 1) * step), count: 0 }));
  for (const value of finite) out[Math.min(count - 1, Math.max(0, Math.floor((value - start) / step + 1e-9)))].count++;
  return out;
}

/** A histogram with every value also shown as a tick under the bars (a strip plot for the few-paths case). */
export function histogram(options: HistogramOptions): string {
  const bins = histogramBins(options.values, options.bins);
  if (bins.length === 0) return emptyChart(options.title, 'no finite values to draw');
  const markers = options.markers?.filter((marker) => Number.isFinite(marker.value)) ?? [];
  const lo = Math.min(bins[0].start, ...markers.map((marker) => marker.value));
  const hi = Math.max(bins[bins.length - 1].end, ...markers.map((marker) => marker.value));
  const most = Math.max(...bins.map((bin) => bin.count));
  const frameOptions = {
    title: options.title,
    height: options.height,
    x: { domain: [lo, hi] as const, format: options.xFormat, label: options.xLabel },
    y: {
      domain: [0, most] as const,
      label: 'count',
      tickCount: Math.min(5, most),
      format: (value: number) => (Number.isInteger(value) ? String(value) : ''),
    },
    legend: markers.map((marker) => ({ label: marker.label, color: marker.color, shape: 'dash' as const })),
  };
  const frame = chartFrame(frameOptions);
  const fill = escapeHtml(options.color);
  const marks: string[] = [];
  for (const bin of bins) {
    if (bin.count === 0) continue;
    const x0 = frame.x(bin.start);
    const x1 = frame.x(bin.end);
    const top = frame.y(bin.count);
    marks.push(
      `<rect x="${px(x0 + 1)}" y="${px(top)}" width="${px(Math.max(1, x1 - x0 - 2))}" height="${px(frame.bottom - top)}" fill="${fill}" fill-opacity="0.75">` +
        `<title>${bin.count} in [${escapeHtml((options.xFormat ?? String)(bin.start))}, ${escapeHtml((options.xFormat ?? String)(bin.end))})</title></rect>`,
    );
  }
  for (let i = 0; i < options.values.length; i++) {
    const value = options.values[i];
    if (!Number.isFinite(value)) continue;
    const vx = px(frame.x(value));
    marks.push(`<line x1="${vx}" y1="${px(frame.bottom - 8)}" x2="${vx}" y2="${px(frame.bottom)}" stroke="#1b1f24" stroke-width="1.5"/>`);
  }
  for (const marker of markers) {
    const mx = px(frame.x(marker.value));
    marks.push(
      `<line x1="${mx}" y1="${px(frame.top)}" x2="${mx}" y2="${px(frame.bottom)}" stroke="${escapeHtml(marker.color)}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
    );
  }
  return renderChart(frame, frameOptions, marks.join(''));
}
