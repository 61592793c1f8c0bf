import { escapeHtml } from '../html/escape';
import { CHAR_WIDTH, chartFrame, emptyChart, LegendItem, renderChart } from './chart-frame';
import { px } from './path';
import { finiteExtent } from './scale';

export interface Bar {
  label: string;
  value: number;
  /** Half-width of a whisker around the value (e.g. one fold-to-fold standard deviation). */
  error?: number;
  color: string;
  /** A tooltip line. */
  note?: string;
}

export interface BarChartOptions {
  title: string;
  bars: Bar[];
  xLabel?: string;
  format?: (value: number) => string;
  legend?: LegendItem[];
}

const ROW = 22;
const MAX_LABEL = 28;

const clip = (label: string) => (label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label);

/** Horizontal bars from zero, one row per category, with optional ± whiskers. */
export function barChart(options: BarChartOptions): string {
  const bars = options.bars.filter((bar) => Number.isFinite(bar.value));
  if (bars.length === 0) return emptyChart(options.title, 'no values to draw');
  const ends = bars.flatMap((bar) => {
    const error = Number.isFinite(bar.error) ? Math.abs(bar.error!) : 0;
    return [bar.value - error, bar.value + error];
  });
  const extent = finiteExtent(ends, [0])!;
  const labels = bars.map((bar) => clip(bar.label));
  const marginLeft = 16 + Math.max(...labels.map((label) => label.length)) * CHAR_WIDTH;
  const legendRows = options.legend && options.legend.length > 0 ? 28 : 12;
  const frameOptions = {
    title: options.title,
    height: legendRows + bars.length * ROW + 8 + (options.xLabel ? 38 : 24),
    marginLeft,
    x: { domain: extent, format: options.format, label: options.xLabel },
    // Rows are laid out by index; the y axis has no ticks of its own.
    y: { domain: [0, bars.length] as const, ticks: [], nice: false },
    legend: options.legend,
  };
  const frame = chartFrame(frameOptions);
  const rowHeight = (frame.bottom - frame.top) / bars.length;
  const zero = frame.x(0);
  const marks: string[] = [`<line x1="${px(zero)}" y1="${px(frame.top)}" x2="${px(zero)}" y2="${px(frame.bottom)}" stroke="#6b7580"/>`];
  bars.forEach((bar, i) => {
    const top = frame.top + i * rowHeight;
    const middle = top + rowHeight / 2;
    const end = frame.x(bar.value);
    const tip = `${bar.label}: ${(options.format ?? String)(bar.value)}${bar.note ? ` — ${bar.note}` : ''}`;
    marks.push(
      `<rect x="${px(Math.min(zero, end))}" y="${px(top + 4)}" width="${px(Math.max(1, Math.abs(end - zero)))}" height="${px(rowHeight - 8)}"` +
        ` fill="${escapeHtml(bar.color)}"><title>${escapeHtml(tip)}</title></rect>`,
      `<text x="${px(frame.left - 6)}" y="${px(middle + 4)}" text-anchor="end">${escapeHtml(labels[i])}</text>`,
    );
    if (Number.isFinite(bar.error) && bar.error! > 0) {
      const lo = px(frame.x(bar.value - bar.error!));
      const hi = px(frame.x(bar.value + bar.error!));
      marks.push(
        `<path d="M${lo},${px(middle)}L${hi},${px(middle)}M${lo},${px(middle - 4)}L${lo},${px(middle + 4)}M${hi},${px(middle - 4)}L${hi},${px(middle + 4)}"` +
          ' stroke="#1b1f24" stroke-width="1.2" fill="none"/>',
      );
    }
  });
  return renderChart(frame, frameOptions, marks.join(''));
}
