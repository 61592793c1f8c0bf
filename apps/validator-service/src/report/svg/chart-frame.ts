import { escapeHtml } from '../html/escape';
import { px } from './path';
import { drawableDomain, linearScale, LinearScale, niceDomain, niceTicks } from './scale';

/*
 * The report draws its charts itself, as SVG text: no charting library renders to a string offline without a DOM
 * (d3, Chart.js, Vega and Plotly all need one, or a headless browser), and a report must be one file that opens
 * with no network. Every chart is a frame (axes, grid, legend) around marks drawn with the frame's scales.
 */

export interface Tick {
  value: number;
  label: string;
}

export interface AxisOptions {
  domain: readonly [number, number];
  /** Labelled positions; default: round values across the domain. */
  ticks?: Tick[];
  format?: (value: number) => string;
  label?: string;
  /** Widen the domain to whole tick steps (default true). */
  nice?: boolean;
  tickCount?: number;
}

export type LegendShape = 'line' | 'dash' | 'band' | 'dot' | 'cross' | 'ring';

export interface LegendItem {
  label: string;
  color: string;
  shape?: LegendShape;
}

export interface FrameOptions {
  /** The chart's accessible name (its SVG <title>). */
  title: string;
  width?: number;
  height?: number;
  x: AxisOptions;
  y: AxisOptions;
  legend?: LegendItem[];
  /** Room for long category labels on the left (bar charts). */
  marginLeft?: number;
}

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  x: LinearScale;
  y: LinearScale;
  xTicks: Tick[];
  yTicks: Tick[];
}

export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 260;
/** Approximate advance of one character of 11 px text, for laying out labels without a DOM to measure them. */
export const CHAR_WIDTH = 6.2;

const plainFormat = (value: number) => String(value);

function axis(options: AxisOptions): { domain: [number, number]; ticks: Tick[] } {
  const count = options.tickCount ?? 5;
  const domain = options.nice === false ? drawableDomain(options.domain) : niceDomain(options.domain, count);
  const format = options.format ?? plainFormat;
  const ticks = options.ticks ?? niceTicks(domain[0], domain[1], count).map((value) => ({ value, label: format(value) }));
  return { domain, ticks: ticks.filter((tick) => tick.value >= domain[0] && tick.value <= domain[1]) };
}

/** The plot area and scales of a chart: margins sized to its tick labels, y up, x right. */
export function chartFrame(options: FrameOptions): Frame {
  const width = options.width ?? CHART_WIDTH;
  const height = options.height ?? CHART_HEIGHT;
  const x = axis(options.x);
  const y = axis(options.y);
  const widestY = Math.max(0, ...y.ticks.map((tick) => tick.label.length));
  const left = Math.max(options.marginLeft ?? 0, 14 + widestY * CHAR_WIDTH) + (options.y.label ? 16 : 0);
  const top = options.legend && options.legend.length > 0 ? 28 : 12;
  const bottom = height - (options.x.label ? 38 : 24);
  const right = width - 16;
  return {
    width,
    height,
    left,
    right,
    top,
    bottom,
    x: linearScale(x.domain, [left, right]),
    y: linearScale(y.domain, [bottom, top]),
    xTicks: x.ticks,
    yTicks: y.ticks,
  };
}

function legendSwatch(item: LegendItem, x: number, y: number): string {
  const color = escapeHtml(item.color);
  switch (item.shape ?? 'line') {
    case 'dash':
      return `<line x1="${px(x)}" y1="${px(y)}" x2="${px(x + 16)}" y2="${px(y)}" stroke="${color}" stroke-width="2" stroke-dasharray="4 3"/>`;
    case 'band':
      return `<rect x="${px(x)}" y="${px(y - 5)}" width="16" height="10" fill="${color}" fill-opacity="0.35"/>`;
    case 'dot':
      return `<circle cx="${px(x + 8)}" cy="${px(y)}" r="4" fill="${color}"/>`;
    case 'ring':
      return `<circle cx="${px(x + 8)}" cy="${px(y)}" r="5" fill="none" stroke="${color}" stroke-width="2"/>`;
    case 'cross':
      return `<path d="M${px(x + 4)},${px(y - 4)}L${px(x + 12)},${px(y + 4)}M${px(x + 4)},${px(y + 4)}L${px(x + 12)},${px(y - 4)}" stroke="${color}" stroke-width="1.5"/>`;
    default:
      return `<line x1="${px(x)}" y1="${px(y)}" x2="${px(x + 16)}" y2="${px(y)}" stroke="${color}" stroke-width="2"/>`;
  }
}

function legend(frame: Frame, items: readonly LegendItem[]): string {
  let x = frame.left;
  const y = 12;
  const parts: string[] = [];
  for (const item of items) {
    parts.push(legendSwatch(item, x, y), `<text x="${px(x + 21)}" y="${px(y + 4)}">${escapeHtml(item.label)}</text>`);
    x += 21 + item.label.length * CHAR_WIDTH + 16;
  }
  return `<g class="legend">${parts.join('')}</g>`;
}

/** The whole chart: frame, grid, tick labels, axis titles, legend, and the marks (`content`) on top of the grid. */
export function renderChart(frame: Frame, options: FrameOptions, content: string): string {
  const { left, right, top, bottom, x, y } = frame;
  const grid = [
    ...frame.yTicks.map((tick) => `<line x1="${px(left)}" y1="${px(y(tick.value))}" x2="${px(right)}" y2="${px(y(tick.value))}"/>`),
    ...frame.xTicks.map((tick) => `<line x1="${px(x(tick.value))}" y1="${px(top)}" x2="${px(x(tick.value))}" y2="${px(bottom)}"/>`),
  ].join('');
  const yLabels = frame.yTicks
    .map((tick) => `<text x="${px(left - 6)}" y="${px(y(tick.value) + 4)}" text-anchor="end">${escapeHtml(tick.label)}</text>`)
    .join('');
  const xLabels = frame.xTicks.map((tick) => {
    const at = x(tick.value);
    // A label at either end of the axis is anchored inwards, so it is not cut off by the edge of the chart.
    const half = (tick.label.length * CHAR_WIDTH) / 2;
    const anchor = at + half > frame.width ? 'end' : at - half < 0 ? 'start' : 'middle';
    return `<text x="${px(at)}" y="${px(bottom + 15)}" text-anchor="${anchor}">${escapeHtml(tick.label)}</text>`;
  });
  const titles = [
    options.x.label
      ? `<text x="${px((left + right) / 2)}" y="${px(frame.height - 6)}" text-anchor="middle">${escapeHtml(options.x.label)}</text>`
      : '',
    options.y.label
      ? `<text transform="translate(12 ${px((top + bottom) / 2)}) rotate(-90)" text-anchor="middle">${escapeHtml(options.y.label)}</text>`
      : '',
  ].join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}"`,
    ` role="img" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="11" fill="#333">`,
    `<title>${escapeHtml(options.title)}</title>`,
    `<g stroke="#e3e6ea" stroke-width="1">${grid}</g>`,
    `<rect x="${px(left)}" y="${px(top)}" width="${px(right - left)}" height="${px(bottom - top)}" fill="none" stroke="#b8bec6"/>`,
    `<g class="marks">${content}</g>`,
    `<g class="ticks">${yLabels}${xLabels.join('')}</g>`,
    titles,
    options.legend && options.legend.length > 0 ? legend(frame, options.legend) : '',
    '</svg>',
  ].join('');
}

/** A chart with nothing to draw: the frame and one line saying why (charts never draw NaN). */
export function emptyChart(title: string, message: string, height = 120): string {
  const width = CHART_WIDTH;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img"`,
    ` font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12" fill="#666">`,
    `<title>${escapeHtml(title)}</title>`,
    `<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" fill="none" stroke="#d0d4d9" stroke-dasharray="4 3"/>`,
    `<text x="${width / 2}" y="${height / 2 + 4}" text-anchor="middle">${escapeHtml(message)}</text>`,
    '</svg>',
  ].join('');
}
