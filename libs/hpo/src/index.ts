export type { CategoricalChoice, FloatParam, IntParam, CategoricalParam, ParamSpec, SearchSpace, ParamValue, Params } from './search-space';
export { searchSpaceErrors, paramValueError } from './search-space';
export type { Direction, TrialState, IntermediateValue, FrozenTrial } from './trial';
export { reportedSteps, lastStep } from './trial';
export type { StudyOptions } from './study-options';
export { studyOptionsErrors, directionsErrors } from './study-options';
export type { Study, AskedTrial, TellResult } from './study';
export { createStudy, restoreStudy } from './study';

export type { Sampler, SampleContext } from './sample-context';
export type { SamplerConfig } from './create-sampler';
export { createSampler, samplerErrors } from './create-sampler';
export type { RandomSamplerConfig } from './random-sampler';
export type { TpeSamplerConfig } from './tpe-sampler';
export { TPE_DEFAULTS } from './tpe-sampler';
export { defaultGamma, defaultWeights } from './tpe-split';
export type { Nsga2SamplerConfig } from './nsga2-sampler';
export { NSGA2_DEFAULTS } from './nsga2-sampler';

export type { Pruner } from './pruner';
export type { PrunerConfig } from './create-pruner';
export { createPruner, prunerErrors } from './create-pruner';
export type { MedianPrunerConfig } from './median-pruner';
export { MEDIAN_DEFAULTS } from './median-pruner';
export type { SuccessiveHalvingPrunerConfig } from './successive-halving-pruner';
export { SUCCESSIVE_HALVING_DEFAULTS } from './successive-halving-pruner';
export type { HyperbandPrunerConfig, HyperbandBrackets } from './hyperband-pruner';
export { HYPERBAND_DEFAULTS, hyperbandBrackets } from './hyperband-pruner';

export { latinHypercube } from './latin-hypercube';
export { dominates, nonDominatedRanks, crowdingDistances, paretoFront } from './pareto';
export { trialSeed } from './trial-seed';
