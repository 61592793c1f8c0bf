import { logReturns } from './returns';
import { rollingMeanStd } from './rolling-window';

/**
 * Sample std of 1-bar log returns over the last `window` returns of the run (not annualised).
 * Needs window + 1 contiguous bars: the first bar of a run has no return, which also restarts the window.
 */
export function rollingVolatility(close: Float64Array, runStart: Int32Array, window = 24): Float64Array {
  return rollingMeanStd(logReturns(close, runStart, 1), runStart, window).std;
}
