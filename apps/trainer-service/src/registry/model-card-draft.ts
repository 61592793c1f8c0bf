import { createHash } from 'node:crypto';
import { findArtifact, LineageEntry, StageInput, StageOutput } from '@ares/contracts';
import type { CardDraft } from '@ares/model-registry';
import { canonicalJson } from '@ares/stage-runtime';

/** The trainer's own model card (stored-model.ts), as far as the registry's card reads it. */
export interface TrainerCard {
  features: string[];
  outputs: string[];
  barrier: { kTp: number; kSl: number; horizonBars: number };
  threshold: number | string;
  onnx: { sha256: string; maxAbsDiff: number; bytes: number };
  [detail: string]: unknown;
}

/** Every upstream output by the hash of each artifact and of the rest of what it handed on. */
export function lineageOf(inputs: readonly StageInput[]): LineageEntry[] {
  return inputs.map(({ stage, output }) => ({
    stage,
    artifacts: output.artifacts.map(({ name, sha256, size }) => ({ name, sha256, size })),
    outputSha256: createHash('sha256')
      .update(canonicalJson({ metrics: output.metrics, summary: output.summary ?? null, payload: output.payload ?? null }))
      .digest('hex'),
  }));
}

const numberOrNull = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? null : value);

/**
 * The card of the deployable model from the run's outputs: what it was trained on (collect), how (the trainer's
 * card), how good it is out of sample (walk-forward, cross-validation, monte-carlo) and where every input came from.
 */
export function modelCardDraft(facts: {
  spec: CardDraft['spec'];
  inputs: readonly StageInput[];
  input: (stage: StageInput['stage']) => StageOutput;
  producedBy: 'train' | 'meta-learner';
  trainerCard: TrainerCard;
}): CardDraft {
  const { spec, input, trainerCard } = facts;
  const collect = input('collect');
  const dataset = findArtifact(collect, 'dataset');
  const monteCarlo = input('monte-carlo');
  const { features, outputs, barrier, threshold, onnx, ...params } = trainerCard;
  return {
    spec,
    data: {
      from: spec.from,
      to: spec.to,
      firstBar: String(collect.summary?.firstBar ?? new Date(collect.metrics.firstBarMs).toISOString()),
      lastBar: String(collect.summary?.lastBar ?? new Date(collect.metrics.lastBarMs).toISOString()),
      rows: collect.metrics.rows,
      datasetSha256: dataset?.sha256 ?? '',
    },
    model: {
      kind: spec.model,
      producedBy: facts.producedBy,
      features,
      outputs,
      barrier: { kTp: barrier.kTp, kSl: barrier.kSl, horizon: barrier.horizonBars },
      threshold,
      params,
    },
    onnx: { sha256: onnx.sha256, bytes: onnx.bytes, parityMaxAbsDiff: onnx.maxAbsDiff, runtime: 'onnxruntime-node' },
    validation: {
      walkForward: input('walk-forward').metrics,
      crossValidation: input('cross-validation').metrics,
      monteCarlo: monteCarlo.metrics,
      psr: numberOrNull(monteCarlo.metrics.psr),
      dsr: numberOrNull(monteCarlo.metrics.dsr),
      pbo: numberOrNull(monteCarlo.metrics.pbo),
      trials: numberOrNull(monteCarlo.metrics.trials),
      verdict: typeof monteCarlo.summary?.verdict === 'string' ? monteCarlo.summary.verdict : null,
    },
    lineage: lineageOf(facts.inputs),
  };
}
