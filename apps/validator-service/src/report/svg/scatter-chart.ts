import { escapeHtml } from '../html/escape';
import { chartFrame, emptyChart, LegendItem, LegendShape, renderChart, Tick } from './chart-frame';
import { px } from './path';
import { finiteExtent, LinearScale } from './scale';

export interface ScatterPoint {
  x: number;
  y: number;
  /** A tooltip (e.g. the trial id and its figures). */
  title?: string;
}

export type MarkerShape = 'dot' | 'ring' | 'cross';

export interface ScatterGroup {
  label: string;
  color: string;
  shape: MarkerShape;
  points: ScatterPoint[];
  radius?: number;
}

/** A line through points in the order given (or as steps, for a best-so-far curve). */
export interface ScatterLine {
  label: string;
  color: string;
  points: { x: number; y: number }[];
  step?: boolean;
  dashed?: boolean;
}

export interface ScatterChartOptions {
  title: string;
  groups: ScatterGroup[];
  lines?: ScatterLine[];
  xLabel?: string;
  yLabel?: string;
  xFormat?: (value: number) => string;
  yFormat?: (value: number) => string;
  xTicks?: Tick[];
  height?: number;
}

function marker(shape: MarkerShape, x: number, y: number, radius: number, color: string): string {
  const cx = px(x);
  const cy = px(y);
  switch (shape) {
    case 'ring':
      return `<circle cx="${cx}" cy="${cy}" r="${radius + 1}" fill="none" stroke="${color}" stroke-width="2"/>`;
    case 'cross':
      return `<path d="M${px(x - radius)},${px(y - radius)}L${px(x + radius)},${px(y + radius)}M${px(x - radius)},${px(y + radius)}L${px(x + radius)},${px(y - radius)}" stroke="${color}" stroke-width="1.5"/>`;
    default:
      return `<circle cx="${cx}" cy="${cy}" r="${radius}" fill="${color}" fill-opacity="0.8"/>`;
  }
}

function linePoints(line: ScatterLine, sx: LinearScale, sy: LinearScale): string {
  const finite = line.points.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y));
  return finite
    .map((point, i) => {
      const here = `${px(sx(point.x))},${px(sy(point.y))}`;
      if (i === 0) return `M${here}`;
      // A step holds the previous value until the next point's x.
      return line.step ? `L${px(sx(point.x))},${px(sy(finite[i - 1].y))}L${here}` : `L${here}`;
    })
    .join('');
}

const LEGEND_SHAPES: Record<MarkerShape, LegendShape> = { dot: 'dot', ring: 'ring', cross: 'cross' };

/** Points in groups (each its colour and shape), with optional lines over them; non-finite points are left out. */
export function scatterChart(options: ScatterChartOptions): string {
  const groups = options.groups.map((group) => ({
    ...group,
    points: group.points.filter((point) => Number.isFinite(point.x) && Number.isFinite(point.y)),
  }));
  const lines = options.lines ?? [];
  const all = [...groups.flatMap((group) => group.points), ...lines.flatMap((line) => line.points)];
  const xExtent = finiteExtent(all.map((point) => point.x));
  const yExtent = finiteExtent(all.map((point) => point.y));
  if (!xExtent || !yExtent || groups.every((group) => group.points.length === 0)) return emptyChart(options.title, 'no finite points to draw');
  const legend: LegendItem[] = [
    ...groups
      .filter((group) => group.points.length > 0)
      .map((group) => ({ label: group.label, color: group.color, shape: LEGEND_SHAPES[group.shape] })),
    ...lines.map((line): LegendItem => ({ label: line.label, color: line.color, shape: line.dashed ? 'dash' : 'line' })),
  ];
  const frameOptions = {
    title: options.title,
    height: options.height,
    x: { domain: xExtent, format: options.xFormat, label: options.xLabel, ticks: options.xTicks, nice: options.xTicks ? false : undefined },
    y: { domain: yExtent, format: options.yFormat, label: options.yLabel },
    legend,
  };
  const frame = chartFrame(frameOptions);
  const marks: string[] = [];
  for (const line of lines) {
    const dash = line.dashed ? ' stroke-dasharray="5 3"' : '';
    marks.push(`<path d="${linePoints(line, frame.x, frame.y)}" fill="none" stroke="${escapeHtml(line.color)}" stroke-width="1.5"${dash}/>`);
  }
  for (const group of groups) {
    const color = escapeHtml(group.color);
    for (const point of group.points) {
      const shape = marker(group.shape, frame.x(point.x), frame.y(point.y), group.radius ?? 3.5, color);
      marks.push(point.title ? `<g>${shape}<title>${escapeHtml(point.title)}</title></g>` : shape);
    }
  }
  return renderChart(frame, frameOptions, marks.join(''));
}
