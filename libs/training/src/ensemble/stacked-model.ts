import { MetaLearnerStageParams } from '@ares/contracts';
import type { LinearLayerSpec, StackedModelSpec } from '@ares/gbdt-onnx';
import { SidedLabels, SidedTargets, sidedTargets } from '../sides/sided-labels';
import { primarySides } from '../sides/bets';
import { ModelInputs } from '../model-inputs';
import { EnsembleMembers, memberName, Side, SIDES } from './ensemble-members';
import { fitLogitLayer, LogitLayerFit, LogitUnit } from './logit-layer';
import { splitsOver } from './out-of-fold';

// Builtins bound once: a global lookup per row is slow inside a vm context (Jest's runs every spec in one).
const { exp } = Math;

export const STACKED_MODEL_KIND = 'stacked-ensemble';
/** The graph's outputs, in this order: the stacked P(take-profit first) per side, then the meta-label probabilities. */
export const SIDED_OUTPUTS = ['long', 'short'] as const;
export const META_OUTPUTS = ['metaLong', 'metaShort'] as const;

export interface MetaLabelFit {
  /** Out-of-fold bets of the primary on this side that the model learned from. */
  bets: number;
  /** Share of those that reached their take-profit. */
  hitRate: number;
  /** Null when the side sizes from the primary's own probability, with the reason. */
  fit: Omit<LogitLayerFit, 'nestedLogits'> | null;
  fallback?: string;
}

export interface StackedModel {
  spec: StackedModelSpec;
  /** The primary's floors (each side's take-profit rate over the out-of-fold rows); null without meta-labelling. */
  primaryFloor: { long: number; short: number } | null;
  stack: Record<Side, Omit<LogitLayerFit, 'nestedLogits'>>;
  meta: Record<Side, MetaLabelFit> | null;
}

const sigmoid = (z: number) => 1 / (1 + exp(-z));
const baseRate = (target: Uint8Array, rows: Int32Array) => rows.reduce((sum, row) => sum + target[row], 0) / rows.length;
const zeros = (n: number) => new Array<number>(n).fill(0);
const withoutLogits = ({ nestedLogits: _logits, ...fit }: LogitLayerFit) => fit;

/**
 * The stacking layer and the meta-label models on the members' out-of-fold logits, and the whole ensemble as one
 * graph. Per side, a regularised logistic layer (L2 by nested purged CV) maps the side's members' logits to
 * P(take-profit first). The primary calls the direction: the side whose stacked probability clears that side's
 * base rate by more, flat when neither does (primarySides). Meta-labelling (AFML ch. 3): on the rows where the
 * primary, predicting out of fold, calls a side, a second logistic model over the side's members' logits and both
 * stacked logits learns whether that bet reaches its take-profit; its probability against the break-even after
 * costs decides whether to bet and how much (betSize).
 * Neither layer ever sees an in-sample prediction: the stack learns from out-of-fold member logits, the meta model
 * from the stack's nested out-of-fold logits.
 */
export function fitStackedModel(
  members: EnsembleMembers,
  inputs: ModelInputs,
  labels: SidedLabels,
  params: MetaLearnerStageParams,
  embargoBars: number,
): StackedModel {
  const targets = sidedTargets(labels);
  const nested = splitsOver(inputs, labels, members.oofRows, params.folds, embargoBars);
  const stackFits = { long: fitSide('long'), short: fitSide('short') };
  function fitSide(side: Side): LogitLayerFit {
    return fitLogitLayer(members.oof[side], targets[side], members.oofRows, nested, params.l2Grid);
  }
  const count = members.configs.length;
  const learners = SIDES.flatMap((side) => members.fitted[side].map((member) => member.spec));
  const names = SIDES.flatMap((side) => members.configs.map((config) => memberName(config, side)));
  const spread = (side: Side, weights: number[]) => (side === 'long' ? [...weights, ...zeros(count)] : [...zeros(count), ...weights]);
  const layers: LinearLayerSpec[] = [
    {
      inputs: names,
      outputs: SIDES.map((side) => ({ name: side, weights: spread(side, stackFits[side].unit.weights), bias: stackFits[side].unit.bias })),
    },
  ];
  let meta: Record<Side, MetaLabelFit> | null = null;
  const floor = { long: baseRate(targets.long, members.oofRows), short: baseRate(targets.short, members.oofRows) };
  if (params.metaLabelling) {
    const metaFits = fitMetaLabels(members, inputs, labels, targets, params, embargoBars, floor, stackFits);
    meta = { long: metaFits.long.report, short: metaFits.short.report };
    layers.push({
      inputs: [...names, ...SIDED_OUTPUTS],
      outputs: SIDES.map((side, index) => {
        const unit = metaFits[side].unit;
        return { name: META_OUTPUTS[index], weights: [...spread(side, unit.weights.slice(0, count)), ...unit.weights.slice(count)], bias: unit.bias };
      }),
    });
  }
  return {
    spec: {
      featureNames: [...inputs.featureNames],
      learners,
      layers,
      outputs: params.metaLabelling ? [...SIDED_OUTPUTS, ...META_OUTPUTS] : [...SIDED_OUTPUTS],
      kind: STACKED_MODEL_KIND,
    },
    primaryFloor: params.metaLabelling ? floor : null,
    stack: { long: withoutLogits(stackFits.long), short: withoutLogits(stackFits.short) },
    meta,
  };
}

/** Per side: the meta-label unit over [the side's member logits…, stacked long logit, stacked short logit]. */
function fitMetaLabels(
  members: EnsembleMembers,
  inputs: ModelInputs,
  labels: SidedLabels,
  targets: SidedTargets,
  params: MetaLearnerStageParams,
  embargoBars: number,
  floor: { long: number; short: number },
  stack: Record<Side, LogitLayerFit>,
): Record<Side, { unit: LogitUnit; report: MetaLabelFit }> {
  const count = members.configs.length;
  // The primary's out-of-fold bets: rows where both stacked sides have a nested out-of-fold logit.
  const rows = Int32Array.from(
    members.oofRows.filter((row) => Number.isFinite(stack.long.nestedLogits[row]) && Number.isFinite(stack.short.nestedLogits[row])),
  );
  const probability = (side: Side) => Float64Array.from(rows, (row) => sigmoid(stack[side].nestedLogits[row]));
  const sides = primarySides({ long: probability('long'), short: probability('short') }, rows, floor);
  const fitSide = (side: Side): { unit: LogitUnit; report: MetaLabelFit } => {
    const sign = side === 'long' ? 1 : -1;
    const betRows = Int32Array.from(rows.filter((_, i) => sides[i] === sign));
    let hits = 0;
    for (const row of betRows) hits += targets[side][row];
    const identity: LogitUnit = { weights: [...zeros(count), ...SIDES.map((other) => (other === side ? 1 : 0))], bias: 0 };
    const fallback = (why: string) => ({
      unit: identity,
      report: { bets: betRows.length, hitRate: betRows.length ? hits / betRows.length : 0, fit: null, fallback: why },
    });
    if (betRows.length < params.minBets)
      return fallback(`${betRows.length} out-of-fold bets, fewer than minBets (${params.minBets}): sized by the primary's probability`);
    if (hits === 0 || hits === betRows.length)
      return fallback(`every out-of-fold bet ${hits === 0 ? 'missed' : 'reached'} its take-profit: nothing to learn`);
    const columns = [...members.oof[side], stack.long.nestedLogits, stack.short.nestedLogits];
    try {
      const splits = splitsOver(inputs, labels, betRows, params.folds, embargoBars);
      const fit = fitLogitLayer(columns, targets[side], betRows, splits, params.l2Grid);
      return { unit: fit.unit, report: { bets: betRows.length, hitRate: hits / betRows.length, fit: withoutLogits(fit) } };
    } catch (error) {
      return fallback(`the meta-label model could not be fitted (${(error as Error).message}): sized by the primary's probability`);
    }
  };
  return { long: fitSide('long'), short: fitSide('short') };
}
