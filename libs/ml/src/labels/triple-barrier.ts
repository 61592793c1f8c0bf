import { Candles } from '@ares/market-data';
import { contiguousRunStarts } from '../features/contiguous-runs';

/** Barrier widths in units of sigma (the causal per-bar volatility at the entry bar) and the vertical barrier in bars. */
export interface TripleBarrierParams {
  kTp: number;
  kSl: number;
  horizonBars: number;
}

export interface TripleBarrierLabels {
  /** +1 take-profit touched first, −1 stop-loss first, 0 vertical barrier (or not labelable). */
  label: Int8Array;
  /** Row where the first barrier was touched (t+1..t+h), or the vertical barrier row t+h; −1 if not labelable. */
  touchIndex: Int32Array;
  /** Log return from close[t] to the exit price (barrier price for tp/sl, close at the vertical barrier); NaN if not labelable. */
  touchReturn: Float64Array;
  /** 1 = labelable: sigma[t] finite > 0, mask ok, and t+h exists without a gap inside (t, t+h]. */
  valid: Uint8Array;
}

export type TradeSide = 'long' | 'short';

export interface TripleBarrierOptions {
  /** Bar length in ms; a window that crosses a timestamp gap is not labelable. */
  timeframeMs: number;
  /** Quality mask (1 = usable): a window that contains a masked row is not labelable. */
  mask?: Uint8Array;
  /**
   * Whose bet is labelled (default long). A short's take-profit is the lower barrier close·exp(−kTp·σ) and its stop
   * the upper one close·exp(+kSl·σ); +1 still means "take-profit first", and touchReturn is the short's log return.
   */
  side?: TradeSide;
}

export function assertTripleBarrierParams(params: TripleBarrierParams): void {
  const { kTp, kSl, horizonBars } = params;
  if (!(kTp > 0) || !Number.isFinite(kTp)) throw new RangeError(`kTp must be a positive number, got ${kTp}`);
  if (!(kSl > 0) || !Number.isFinite(kSl)) throw new RangeError(`kSl must be a positive number, got ${kSl}`);
  if (!Number.isInteger(horizonBars) || horizonBars < 1) throw new RangeError(`horizonBars must be an integer >= 1, got ${horizonBars}`);
}

// Builtins bound once: a global lookup per iteration is slow inside a vm context (Jest's), ~40x in this loop.
const { isFinite } = Number;
const { exp, log } = Math;
const positive = (x: number) => x > 0 && isFinite(x);

/**
 * López de Prado's triple-barrier labels. Entry at close[t]; for a long the upper barrier close[t]·exp(kTp·σ[t]) is
 * the take-profit and close[t]·exp(−kSl·σ[t]) the stop (mirrored for a short, options.side); bars t+1..t+h are
 * scanned with their high/low and the first barrier touched decides.
 *
 * Conventions (shared with the backtest so labels and trading agree):
 *  - A bar whose range touches both barriers counts as a stop-loss: OHLC does not tell which came first, and
 *    assuming the worse outcome keeps labels (and the strategy trained on them) from being optimistic.
 *  - Exit prices are the barrier prices, so touchReturn is exactly +kTp·σ[t] or −kSl·σ[t].
 *  - Validity needs the whole window (t, t+h] even when a barrier is touched early: otherwise rows near the end of
 *    the data (or before a gap) would be labelable only when they happen to touch early, a selection bias.
 *  - A window with a non-finite high/low/close is not labelable (the quality mask should have caught it).
 *
 * Labels look at the future by definition; touchIndex says how far, so splits can purge and embargo by it.
 */
export function tripleBarrierLabels(
  candles: Candles,
  sigma: Float64Array,
  params: TripleBarrierParams,
  options: TripleBarrierOptions,
): TripleBarrierLabels {
  assertTripleBarrierParams(params);
  const n = candles.length;
  if (sigma.length !== n) throw new RangeError(`sigma has ${sigma.length} rows, candles ${n}`);
  const { kTp, kSl, horizonBars: h } = params;
  const short = options.side === 'short';
  // A masked row breaks runs, so runStart[t+h] <= t means rows t..t+h are adjacent and none is masked.
  const runStart = contiguousRunStarts(candles.timestamps, options.timeframeMs, options.mask);
  const { high, low, close } = candles;

  const label = new Int8Array(n);
  const touchIndex = new Int32Array(n).fill(-1);
  const touchReturn = new Float64Array(n).fill(NaN);
  const valid = new Uint8Array(n);

  for (let t = 0; t + h < n; t++) {
    const s = sigma[t];
    const entry = close[t];
    if (!positive(s) || !positive(entry) || runStart[t + h] > t) continue;
    if (options.mask && options.mask[t] !== 1) continue; // h >= 1 makes this implied; explicit for clarity
    // For a short the upper barrier is the stop and the lower one the take-profit.
    const upper = entry * exp((short ? kSl : kTp) * s);
    const lower = entry * exp(-(short ? kTp : kSl) * s);
    let finite = true;
    let hit = 0;
    let at = t + h;
    for (let k = t + 1; k <= t + h; k++) {
      if (!isFinite(high[k]) || !isFinite(low[k]) || !isFinite(close[k])) {
        finite = false;
        break;
      }
      if (hit !== 0) continue; // keep checking the rest of the window for finiteness only
      // The stop is checked first: a same-bar touch of both barriers is a stop-loss, for either side.
      if (short) {
        if (high[k] >= upper) hit = -1;
        else if (low[k] <= lower) hit = 1;
      } else if (low[k] <= lower) hit = -1;
      else if (high[k] >= upper) hit = 1;
      if (hit !== 0) at = k;
    }
    if (!finite || !positive(close[t + h])) continue;
    valid[t] = 1;
    label[t] = hit;
    touchIndex[t] = at;
    const vertical = log(close[t + h] / entry);
    touchReturn[t] = hit === 1 ? kTp * s : hit === -1 ? -kSl * s : short ? -vertical : vertical;
  }
  return { label, touchIndex, touchReturn, valid };
}

export interface LabelBalance {
  /** Fractions of the valid rows labelled +1, −1 and 0. */
  up: number;
  down: number;
  flat: number;
  /** Number of valid rows. */
  valid: number;
}

/** Class balance over the labelable rows (fractions are 0 when no row is valid). */
export function labelBalance(labels: TripleBarrierLabels): LabelBalance {
  let up = 0;
  let down = 0;
  let valid = 0;
  for (let t = 0; t < labels.valid.length; t++) {
    if (labels.valid[t] !== 1) continue;
    valid++;
    if (labels.label[t] === 1) up++;
    else if (labels.label[t] === -1) down++;
  }
  if (valid === 0) return { up: 0, down: 0, flat: 0, valid: 0 };
  return { up: up / valid, down: down / valid, flat: (valid - up - down) / valid, valid };
}
