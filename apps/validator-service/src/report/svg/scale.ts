/** A linear map from data to pixels; values outside the domain are clamped onto the plot's edge. */
export interface LinearScale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const lo = Math.min(r0, r1);
  const hi = Math.max(r0, r1);
  const scale = (value: number) => {
    const t = span === 0 ? 0.5 : (value - d0) / span;
    return Math.min(hi, Math.max(lo, r0 + t * (r1 - r0)));
  };
  return Object.assign(scale, { domain: [d0, d1] as const, range: [r0, r1] as const });
}

/** The smallest and largest finite values of the arrays; undefined when there is none. */
export function finiteExtent(...arrays: ArrayLike<number>[]): [number, number] | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (!Number.isFinite(value)) continue;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  return min <= max ? [min, max] : undefined;
}

/** A domain a chart can draw: a missing one becomes [0, 1], a single value gets room on both sides. */
export function drawableDomain(extent: readonly [number, number] | undefined): [number, number] {
  if (!extent) return [0, 1];
  const [min, max] = extent;
  if (max > min) return [min, max];
  const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.05 : 1;
  return [min - pad, max + pad];
}

/**
 * A round step that splits [min, max] into about `count` intervals: 1, 2 or 5 times a power of ten, the choice
 * that comes closest (geometrically) to the exact step, as d3's ticks do.
 */
export function tickStep(min: number, max: number, count: number): number {
  const raw = Math.abs(max - min) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  return power * (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1);
}

/** Multiples of a step, rid of binary noise (0.1 × 3 is 0.3, not 0.30000000000000004). */
const multiple = (k: number, step: number) => Number((k * step).toPrecision(12));

/** The domain widened to whole steps, so the axis starts and ends on a labelled tick. */
export function niceDomain(domain: readonly [number, number], count = 5): [number, number] {
  const [min, max] = drawableDomain(domain);
  const step = tickStep(min, max, count);
  return [multiple(Math.floor(min / step), step), multiple(Math.ceil(max / step), step)];
}

/** Round values inside [min, max], about `count` intervals apart. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const lo = Math.min(min, max);
  const hi = Math.max(min, max);
  const step = tickStep(lo, hi, count);
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k <= Math.floor(hi / step + 1e-9); k++) ticks.push(multiple(k, step));
  return ticks;
}
