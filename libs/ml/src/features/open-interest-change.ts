import { logReturns } from './returns';

/**
 * Open-interest change: ln(OI[i] / OI[i − horizon]), i.e. logReturns applied to open interest, with the same gap
 * semantics (NaN across a gap or a masked row, NaN for non-positive values). A log change makes it independent of
 * the contract's size and comparable across symbols. Input: open interest per bar, known at the bar's close.
 */
export function openInterestChange(openInterest: Float64Array, runStart: Int32Array, horizon: number): Float64Array {
  return logReturns(openInterest, runStart, horizon);
}
