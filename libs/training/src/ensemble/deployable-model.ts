import { EnsembleStageParams, HpoLeader, MetaLearnerStageParams, ModelKind, TrainStageParams } from '@ares/contracts';
import type { StackedModelSpec } from '@ares/gbdt-onnx';
import { gbdtParamsOf } from '../gbdt-params-of';
import { ModelInputs } from '../model-inputs';
import { BetRule, SidedProbabilities } from '../sides/bets';
import { SidedLabels, sidedTargets } from '../sides/sided-labels';
import { BaseLearnerConfig, fitBaseLearner } from './base-learner';
import { ensemblePlan } from './ensemble-plan';
import { EnsembleMembers, fitEnsembleMembers, memberName, SIDES } from './ensemble-members';
import { fitStackedModel, StackedModel } from './stacked-model';

/** A model a run can deploy, as the graph it exports to and a card describing it. */
export interface DeployableModel {
  kind: ModelKind;
  spec: StackedModelSpec;
  /** How its probabilities become bets (sizing step, and the primary's floors when meta-labelled). */
  betRule: BetRule;
  card: Record<string, unknown>;
}

/** Everything any model kind is fitted from. */
export interface DeployableSetup {
  inputs: ModelInputs;
  labels: SidedLabels;
  /** The tuned train params (hpo's winner applied) and the study's leaders. */
  trainParams: TrainStageParams;
  leaders: readonly HpoLeader[];
  ensemble: EnsembleStageParams;
  meta: MetaLearnerStageParams;
  seed: number;
  embargoBars: number;
  thresholdOf: (row: number) => number;
  onFit?: (done: number, total: number) => Promise<void> | void;
}

/** The graph's output columns as probabilities: [long, short] and, with a meta model, [metaLong, metaShort]. */
export function sidedProbabilities(columns: readonly Float64Array[]): SidedProbabilities {
  if (columns.length !== 2 && columns.length !== 4) throw new Error(`a sided model has 2 or 4 outputs, this one ${columns.length}`);
  const [long, short, metaLong, metaShort] = columns;
  return metaLong ? { long, short, metaLong, metaShort } : { long, short };
}

/** The single model of the tuned family (the chosen configuration at the RunSpec's seed, or the logistic baseline). */
export function singleModelConfig(kind: 'gbdt' | 'logistic', trainParams: TrainStageParams, seed: number): BaseLearnerConfig {
  return kind === 'gbdt'
    ? { name: 'gbdt', kind: 'trees', params: gbdtParamsOf(trainParams, seed) }
    : { name: 'logistic', kind: 'logistic', l2: trainParams.l2, classWeight: trainParams.classWeight };
}

/** One model per side, side by side in one graph: P(long take-profit first), P(short take-profit first). */
export function fitSingleModel(kind: 'gbdt' | 'logistic', setup: DeployableSetup, rows: Int32Array): DeployableModel {
  const config = singleModelConfig(kind, setup.trainParams, setup.seed);
  const targets = sidedTargets(setup.labels);
  const learners = SIDES.map((side) => fitBaseLearner(config, memberName(config, side), setup.inputs, targets[side], rows).spec);
  return {
    kind,
    spec: {
      featureNames: [...setup.inputs.featureNames],
      learners,
      layers: [],
      outputs: learners.map((learner) => learner.name),
      kind: `sided-${kind}`,
    },
    betRule: { sizeStep: setup.meta.betSizeStep },
    card: {
      kind,
      sides: SIDES,
      config: describeConfig(config),
      bets: 'the side whose probability clears the break-even after costs by more, all-in',
    },
  };
}

/** The ensemble's members for `rows` (ensemble stage). */
export function fitMembers(setup: DeployableSetup, rows: Int32Array): Promise<EnsembleMembers> {
  const configs = ensemblePlan(setup.leaders, setup.trainParams, setup.ensemble, setup.seed);
  return fitEnsembleMembers(configs, setup.inputs, setup.labels, rows, {
    folds: setup.ensemble.folds,
    embargoBars: setup.embargoBars,
    onFit: setup.onFit,
  });
}

/** The stacked graph over fitted members (meta-learner stage), with the stacking and meta-label fits behind it. */
export function stackMembers(setup: DeployableSetup, members: EnsembleMembers): { model: DeployableModel; stacked: StackedModel } {
  const stacked = fitStackedModel(members, setup.inputs, setup.labels, setup.meta, setup.embargoBars);
  return {
    model: { kind: 'ensemble', spec: stacked.spec, betRule: betRuleOf(stacked, setup.meta), card: ensembleCard(members, stacked, setup.meta) },
    stacked,
  };
}

/** Fits the RunSpec's model kind on `rows` with the trainer's own code: what walk-forward retrains on every fold. */
export async function fitDeployableModel(kind: ModelKind, setup: DeployableSetup, rows: Int32Array): Promise<DeployableModel> {
  if (kind !== 'ensemble') return fitSingleModel(kind, setup, rows);
  return stackMembers(setup, await fitMembers(setup, rows)).model;
}

const DESCRIBED_TREE_PARAMS = [
  'nEstimators',
  'learningRate',
  'maxDepth',
  'maxLeaves',
  'minDataInLeaf',
  'lambda',
  'subsample',
  'colsampleByTree',
  'seed',
] as const;

function describeConfig(config: BaseLearnerConfig): Record<string, unknown> {
  if (config.kind === 'logistic') return { name: config.name, kind: 'logistic', l2: config.l2, classWeight: config.classWeight };
  const described: Record<string, unknown> = { name: config.name, kind: config.params.boosting === 'rf' ? 'random-forest' : 'gbdt' };
  for (const key of DESCRIBED_TREE_PARAMS) described[key] = config.params[key];
  return described;
}

/** The stacked model's bet rule: meta-labelled sizing when it has a meta layer, else edge over break-even. */
function betRuleOf(stacked: StackedModel, meta: MetaLearnerStageParams): BetRule {
  return stacked.primaryFloor ? { sizeStep: meta.betSizeStep, primaryFloor: stacked.primaryFloor } : { sizeStep: meta.betSizeStep };
}

function ensembleCard(members: EnsembleMembers, stacked: StackedModel, meta: MetaLearnerStageParams): Record<string, unknown> {
  return {
    kind: 'ensemble',
    members: members.configs.map(describeConfig),
    outOfFold: { folds: members.folds, rows: members.oofRows.length },
    stacking: stacked.stack,
    metaLabelling: stacked.meta,
    primary: stacked.primaryFloor
      ? {
          rule: "the side whose stacked probability clears that side's out-of-fold take-profit rate by more; flat when neither does",
          floors: stacked.primaryFloor,
        }
      : { rule: 'the side whose stacked probability clears the break-even after costs by more, all-in' },
    betSizing: stacked.primaryFloor
      ? {
          rule: "z = (q − p₀) / √(q(1 − q)) with q the chosen side's meta-label probability and p₀ the break-even probability after costs; size = 2Φ(z) − 1 rounded to a multiple of the step; no bet below one step",
          step: meta.betSizeStep,
        }
      : null,
  };
}
