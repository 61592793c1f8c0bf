import { Candles, FeatureMatrix } from '@ares/market-data';

/** What every model stage works on: candles, quality mask, feature columns and the barrier-scaling volatility, row-aligned. */
export interface ModelInputs {
  candles: Candles;
  mask: Uint8Array;
  featureNames: string[];
  columns: Float64Array[];
  /** The causal volatility that scales the barriers (a feature column, e.g. `vol_24`). */
  sigma: Float64Array;
  /** 1 where the mask allows the row, every feature is finite and sigma is finite and positive. */
  usable: Uint8Array;
  /** First row from which every feature can be defined (feature warm-up). */
  firstUsableRow: number;
  timeframeMs: number;
  barsPerYear: number;
}

const YEAR_MS = 365 * 24 * 3_600_000;

/** Bars of `timeframeMs` in a 365-day year: what Sharpe ratios are annualised by. */
export function barsPerYearOf(timeframeMs: number): number {
  return YEAR_MS / timeframeMs;
}
/** Columns of the feature artifact that are not model inputs. */
const NOT_FEATURES = new Set(['close']);

/** Joins preprocess's features and validate-data's candles+mask; throws naming any misalignment. */
export function buildModelInputs(
  features: FeatureMatrix,
  candles: Candles,
  mask: Uint8Array,
  timeframeMs: number,
  volatilityFeature: string,
): ModelInputs {
  const n = candles.length;
  if (features.timestamps.length !== n)
    throw new Error(`features have ${features.timestamps.length} rows, the candles ${n}: they come from different datasets`);
  for (let i = 0; i < n; i++) {
    if (features.timestamps[i] !== candles.timestamps[i]) {
      throw new Error(
        `features and candles disagree at row ${i} (${new Date(features.timestamps[i]).toISOString()} vs ${new Date(candles.timestamps[i]).toISOString()})`,
      );
    }
  }
  const sigma = features.columns[volatilityFeature];
  if (!sigma) throw new Error(`volatility feature '${volatilityFeature}' is not among the features (${Object.keys(features.columns).join(', ')})`);
  const featureNames = Object.keys(features.columns).filter((name) => !NOT_FEATURES.has(name));
  const columns = featureNames.map((name) => features.columns[name]);
  const usable = new Uint8Array(n);
  let firstUsableRow = -1;
  for (let i = 0; i < n; i++) {
    let ok = mask[i] === 1 && Number.isFinite(sigma[i]) && sigma[i] > 0;
    for (let j = 0; ok && j < columns.length; j++) ok = Number.isFinite(columns[j][i]);
    usable[i] = ok ? 1 : 0;
    if (ok && firstUsableRow < 0) firstUsableRow = i;
  }
  if (firstUsableRow < 0) throw new Error("no row has every feature defined: the range is shorter than the features' warm-up");
  return { candles, mask, featureNames, columns, sigma, usable, firstUsableRow, timeframeMs, barsPerYear: barsPerYearOf(timeframeMs) };
}

/** The inputs with only `names` as model features (in that order); rows stay usable as before, so splits do not move. */
export function selectFeatures(inputs: ModelInputs, names: readonly string[]): ModelInputs {
  const columns = names.map((name) => {
    const index = inputs.featureNames.indexOf(name);
    if (index < 0) throw new Error(`feature '${name}' is not among the features (${inputs.featureNames.join(', ')})`);
    return inputs.columns[index];
  });
  return { ...inputs, featureNames: [...names], columns };
}
