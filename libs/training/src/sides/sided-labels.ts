import { tripleBarrierLabels, TripleBarrierLabels, TripleBarrierParams } from '@ares/ml';
import { horizonSigma } from '../barrier-scale';
import { takeProfitTarget } from '../labels-codec';
import { ModelInputs } from '../model-inputs';

/** Triple-barrier labels of a long and of a short entered at every bar, on the same barriers. */
export interface SidedLabels {
  long: TripleBarrierLabels;
  short: TripleBarrierLabels;
  /** The last row either side's label depends on: what a split that trains both sides purges by. */
  labelEnd: Int32Array;
  /** 1 where both labels exist and the row's features are usable. */
  trainable: Uint8Array;
}

/** 1 where the side's take-profit is touched first, per side. */
export interface SidedTargets {
  long: Uint8Array;
  short: Uint8Array;
}

/**
 * The labels of one side as target-params labels them: barriers on σ·√h of the volatility feature, the quality
 * mask and the timestamps' gaps. Both sides need the same whole window, so they are valid on the same rows.
 */
export function labelSide(inputs: ModelInputs, barrier: TripleBarrierParams, side: 'long' | 'short'): TripleBarrierLabels {
  return tripleBarrierLabels(inputs.candles, horizonSigma(inputs.sigma, barrier.horizonBars), barrier, {
    timeframeMs: inputs.timeframeMs,
    mask: inputs.mask,
    side,
  });
}

/** Both sides' labels; `long` may be given as read from target-params' labels artifact. */
export function labelBothSides(inputs: ModelInputs, barrier: TripleBarrierParams, long = labelSide(inputs, barrier, 'long')): SidedLabels {
  const short = labelSide(inputs, barrier, 'short');
  const n = long.valid.length;
  const labelEnd = new Int32Array(n);
  const trainable = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labelEnd[i] = Math.max(long.touchIndex[i], short.touchIndex[i]);
    trainable[i] = long.valid[i] & short.valid[i] & inputs.usable[i];
  }
  return { long, short, labelEnd, trainable };
}

/** Every row both sides' labels cover with usable features, in time order: what a model is fitted on. */
export function trainableRows(labels: SidedLabels): Int32Array {
  const rows: number[] = [];
  for (let row = 0; row < labels.trainable.length; row++) if (labels.trainable[row] === 1) rows.push(row);
  return Int32Array.from(rows);
}

export function sidedTargets(labels: SidedLabels): SidedTargets {
  return { long: takeProfitTarget(labels.long), short: takeProfitTarget(labels.short) };
}
