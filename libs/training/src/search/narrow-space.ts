import { ParamSpec, SearchSpace } from '@ares/hpo';
import { TrialParams } from './trial-params';

export interface NarrowedDimension {
  name: string;
  wide: ParamSpec;
  narrowed: ParamSpec;
  /** Why it was kept wide, when it was. */
  keptWide?: string;
}

export interface NarrowingOptions {
  /** The best fraction of the scored points whose values bound the narrowed ranges. */
  quantile: number;
  /** Names left at their wide range. */
  keepWide: readonly string[];
  /** Each narrowed range is widened by this fraction of the wide range on both sides (in log space for log dims). */
  margin?: number;
}

/**
 * The space spanned by the best quantile of a coarse search (at least two points): each numeric range becomes
 * [min, max] of the leaders' values, widened by a margin and clipped to the wide range; a categorical keeps the
 * choices the leaders used. `points` must be sorted best first.
 */
export function narrowSpace(
  space: SearchSpace,
  points: readonly TrialParams[],
  options: NarrowingOptions,
): { space: SearchSpace; dimensions: NarrowedDimension[] } {
  const margin = options.margin ?? 0.1;
  const leaders = points.slice(0, Math.max(2, Math.ceil(points.length * options.quantile)));
  const dimensions = Object.entries(space).map(([name, wide]): NarrowedDimension => {
    if (options.keepWide.includes(name)) return { name, wide, narrowed: wide, keptWide: 'listed in keepWide' };
    if (leaders.length < 2) return { name, wide, narrowed: wide, keptWide: 'fewer than two scored points' };
    if (wide.type === 'categorical') {
      const used = new Set(leaders.map((point) => point[name]));
      return { name, wide, narrowed: { type: 'categorical', choices: wide.choices.filter((choice) => used.has(choice)) } };
    }
    const log = wide.log === true;
    const to = (x: number) => (log ? Math.log(x) : x);
    const from = (x: number) => (log ? Math.exp(x) : x);
    const values = leaders.map((point) => to(Number(point[name])));
    const width = to(wide.high) - to(wide.low);
    let low = Math.max(to(wide.low), Math.min(...values) - margin * width);
    let high = Math.min(to(wide.high), Math.max(...values) + margin * width);
    low = Math.max(wide.low, from(low));
    high = Math.min(wide.high, from(high));
    if (wide.type === 'int') {
      low = Math.floor(low);
      high = Math.ceil(high);
    }
    return { name, wide, narrowed: { ...wide, low, high } };
  });
  return { space: Object.fromEntries(dimensions.map((d) => [d.name, d.narrowed])), dimensions };
}
