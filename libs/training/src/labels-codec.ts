import { FeatureMatrix } from '@ares/market-data';
import { TripleBarrierLabels } from '@ares/ml';

/** Labels travel as a feature-matrix artifact: one Float64 column per field, aligned with the candles. */
export function labelsToMatrix(timestamps: Float64Array, labels: TripleBarrierLabels): FeatureMatrix {
  return {
    timestamps,
    columns: {
      label: Float64Array.from(labels.label),
      touchIndex: Float64Array.from(labels.touchIndex),
      touchReturn: labels.touchReturn,
      valid: Float64Array.from(labels.valid),
    },
  };
}

export function labelsFromMatrix(matrix: FeatureMatrix, expectedRows: number): TripleBarrierLabels {
  const { label, touchIndex, touchReturn, valid } = matrix.columns;
  if (matrix.timestamps.length !== expectedRows) throw new Error(`labels have ${matrix.timestamps.length} rows, the features ${expectedRows}`);
  const out: TripleBarrierLabels = {
    label: Int8Array.from(label),
    touchIndex: Int32Array.from(touchIndex),
    touchReturn,
    valid: Uint8Array.from(valid),
  };
  for (let i = 0; i < expectedRows; i++) {
    if (out.valid[i] && (out.label[i] < -1 || out.label[i] > 1 || out.touchIndex[i] <= i || out.touchIndex[i] >= expectedRows)) {
      throw new Error(`label row ${i} is inconsistent (label ${label[i]}, touchIndex ${touchIndex[i]})`);
    }
  }
  return out;
}

/** The model's target: 1 where the take-profit barrier was touched first, 0 for stop-loss or the vertical barrier. */
export function takeProfitTarget(labels: TripleBarrierLabels): Uint8Array {
  const target = new Uint8Array(labels.label.length);
  for (let i = 0; i < target.length; i++) target[i] = labels.label[i] === 1 ? 1 : 0;
  return target;
}
