import { coarseOptimizationStage } from './coarse-optimization';
import { collectStage } from './collect';
import { crossValidationStage } from './cross-validation';
import { ensembleStage } from './ensemble';
import { hpoStage } from './hpo';
import { metaLearnerStage } from './meta-learner';
import { monteCarloStage } from './monte-carlo';
import type { StageContract } from './define-stage';
import { preprocessStage } from './preprocess';
import { targetParamsStage } from './target-params';
import { trainStage } from './train';
import { saveModelStage } from './save-model';
import { abSetupStage } from './ab-setup';
import { reportStage } from './report';
import { validateDataStage } from './validate-data';
import { walkForwardStage } from './walk-forward';

/**
 * The default run's stage graph, in dispatch order. validate-data checks the raw candles and so runs beside
 * preprocess; coarse-optimization and hpo choose features and params on the rows before the first walk-forward test
 * window; train fits the single-model baseline beside ensemble (the members, with out-of-fold predictions), then
 * meta-learner stacks them into the deployable graph, and walk-forward retrains the RunSpec's model on each fold;
 * cross-validation (CPCV, and the study's PBO) needs only hpo, so it runs beside them; monte-carlo resamples the
 * walk-forward and states how much of it may be luck; save-model registers the deployable model with its card,
 * ab-setup sets it against the name's champion and plans the live A/B test, and report writes the run up in one HTML file.
 * A new stage is one line here.
 */
const CONTRACTS = [
  collectStage,
  preprocessStage,
  validateDataStage,
  targetParamsStage,
  coarseOptimizationStage,
  hpoStage,
  trainStage,
  ensembleStage,
  metaLearnerStage,
  walkForwardStage,
  crossValidationStage,
  monteCarloStage,
  saveModelStage,
  abSetupStage,
  reportStage,
] as const;

export type StageName = (typeof CONTRACTS)[number]['name'];
/** A catalogued stage: its contract, its dependencies known to be stages (checked below, at load). */
export type CataloguedStage = Omit<StageContract<StageName>, 'dependsOn'> & { readonly dependsOn: readonly StageName[] };
export const STAGE_CATALOGUE: readonly CataloguedStage[] = CONTRACTS as readonly CataloguedStage[];
export const STAGE_NAMES: readonly StageName[] = STAGE_CATALOGUE.map((stage) => stage.name);

type ContractOf<S extends StageName> = Extract<(typeof CONTRACTS)[number], { name: S }>;
/** Each stage's params class instance, by stage name. */
export type StageParamsByName = { [C in (typeof CONTRACTS)[number] as C['name']]: InstanceType<C['params']> };
/** The typed, validated params a stage is handed (an indexed type, so contexts of one stage fit where any stage's do). */
export type StageParams<S extends StageName> = StageParamsByName[S];

export function isStageName(value: string): value is StageName {
  return (STAGE_NAMES as readonly string[]).includes(value);
}

export function stageContract<S extends StageName>(name: S): ContractOf<S> {
  const found = CONTRACTS.find((stage) => stage.name === name);
  if (!found) throw new Error(`unknown stage '${name}'`);
  return found as ContractOf<S>;
}

/** A graph whose stage needs an unknown or later stage cannot run; fail at load, not mid-run. */
function assertWellFormed(catalogue: readonly StageContract[]): void {
  catalogue.forEach((stage, index) => {
    const earlier = catalogue.slice(0, index).map((other) => other.name);
    const unknown = stage.dependsOn.filter((name) => !earlier.includes(name));
    if (unknown.length > 0) throw new Error(`stage '${stage.name}' depends on ${unknown.join(', ')}, which no earlier stage provides`);
    if (earlier.includes(stage.name)) throw new Error(`stage '${stage.name}' is declared twice`);
  });
}
assertWellFormed(STAGE_CATALOGUE);
