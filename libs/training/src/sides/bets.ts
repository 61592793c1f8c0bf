import { normalCdf } from '@ares/stats';

// Builtins bound once: a global lookup per row is slow inside a vm context (Jest's runs every spec in one).
const { sqrt, round, min } = Math;

/** Per bar: which side to open (1 long, −1 short, 0 none) and the fraction of equity to commit. */
export interface Bets {
  side: Int8Array;
  size: Float64Array;
}

/** A model's probabilities for the predicted rows (aligned with them). */
export interface SidedProbabilities {
  /** P(a long entered now reaches its take-profit first), and the same for a short. */
  long: Float64Array;
  short: Float64Array;
  /** Meta-label probabilities: P(the primary's bet on that side reaches its take-profit), when there is a meta model. */
  metaLong?: Float64Array;
  metaShort?: Float64Array;
}

/**
 * López de Prado's bet size from a meta-label probability (AFML ch. 10): z = (q − p₀) / √(q(1 − q)), m = 2Φ(z) − 1,
 * discretised to multiples of `step` (rounded to the nearest), and no bet below one step. The null p₀ is the
 * break-even probability after costs rather than ½, so a bet is sized by how far it clears what pays for itself.
 */
export function betSize(probability: number, breakEven: number, step: number): number {
  if (!(probability > 0 && probability < 1)) return probability >= 1 ? 1 : 0;
  const z = (probability - breakEven) / sqrt(probability * (1 - probability));
  const m = 2 * normalCdf(z) - 1;
  if (!(m > 0)) return 0;
  return min(1, round(m / step) * step);
}

/** How a model's probabilities become bets. */
export interface BetRule {
  /** Multiples of this fraction of equity (meta-labelled bets only). */
  sizeStep: number;
  /**
   * With a meta model: the primary's per-side floors (the sides' base rates where the primary was fitted). The
   * primary bets on the side whose probability clears its floor by more — a high-recall call on direction — and is
   * flat when neither does; the meta model then decides whether and how much.
   */
  primaryFloor?: { long: number; short: number };
}

/**
 * The bets of a model over `rows` (the bars it predicted).
 *  - A single model: the side whose probability clears the row's break-even by more (ties: long; neither: no bet),
 *    committing all equity.
 *  - With a meta model (meta-labelling): the primary picks the side (see BetRule.primaryFloor) and the bet is sized
 *    by betSize of that side's meta probability against the row's break-even; a size of 0 is no bet.
 */
export function betsFrom(
  probabilities: SidedProbabilities,
  rows: Int32Array,
  length: number,
  thresholdOf: (row: number) => number,
  rule: BetRule = { sizeStep: 0.1 },
): Bets {
  const side = new Int8Array(length);
  const size = new Float64Array(length);
  const { long, short, metaLong, metaShort } = probabilities;
  const metaLabelled = metaLong !== undefined && metaShort !== undefined;
  const floor = rule.primaryFloor;
  if (metaLabelled && !floor) throw new Error('meta-labelled bets need the primary floors');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const threshold = thresholdOf(row);
    const chosen = metaLabelled ? sideOf(long[i] - floor!.long, short[i] - floor!.short) : sideOf(long[i] - threshold, short[i] - threshold);
    if (chosen === 0) continue;
    const bet = metaLabelled ? betSize((chosen === 1 ? metaLong : metaShort)[i], threshold, rule.sizeStep) : 1;
    if (bet <= 0) continue;
    side[row] = chosen;
    size[row] = bet;
  }
  return { side, size };
}

/** The side with the larger positive edge (ties: long), or 0 when neither edge is positive. */
function sideOf(longEdge: number, shortEdge: number): -1 | 0 | 1 {
  if (!(longEdge > 0 || shortEdge > 0)) return 0;
  return longEdge >= shortEdge ? 1 : -1;
}

/** The primary's bets on each side, out of fold (every chosen side, before any sizing): what a meta model learns from. */
export function primarySides(probabilities: SidedProbabilities, rows: Int32Array, floor: { long: number; short: number }): Int8Array {
  const sides = new Int8Array(rows.length);
  for (let i = 0; i < rows.length; i++) sides[i] = sideOf(probabilities.long[i] - floor.long, probabilities.short[i] - floor.short);
  return sides;
}
