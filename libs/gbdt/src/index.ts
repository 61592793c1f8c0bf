/** Ares GBDT: histogram gradient boosting on typed arrays, LightGBM-style anatomy. */
export * from './model/gbdt-model';
export { trainGbdt } from './booster/gbdt-booster';
export type { GbdtTrainingData, GbdtValidationData } from './booster/gbdt-booster';
export { BoostingSession } from './booster/boosting-session';
export { GBDT_DEFAULTS, resolveParams } from './booster/gbdt-params';
export type { GbdtParams } from './booster/gbdt-params';
export { predictRaw, predictProba, addTreeRaw, packRows } from './predict/gbdt-predictor';
export type { PackedRows } from './predict/gbdt-predictor';
export type { FeatureColumns } from './predict/gbdt-predictor';
export { featureImportance } from './importance';
export type { ClassWeightSpec } from './objective/class-weights';
export { NAN_BIN, fitBinEdges, applyBins, binOf } from './binning/quantile-binner';
export type { FeatureBinEdges } from './binning/quantile-binner';
