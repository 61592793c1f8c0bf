import { defaultModelName, StageOutput } from '@ares/contracts';
import { CardDraft, ModelRegistry } from '@ares/model-registry';
import { failingAsStage, Stage, StageContext, StageFacts, StageFailure } from '@ares/stage-runtime';
import { readInputArtifact } from '@ares/stage-io';
import { modelCardDraft, TrainerCard } from '../registry/model-card-draft';

/**
 * Registers the run's deployable model — the meta-learner's graph for an ensemble, train's otherwise — as the next
 * version of its name, with a model card. The registry is idempotent per run, so a redelivered attempt finds the
 * version it registered; its output is the run's own (the fingerprint is the run id), never another run's.
 */
export class SaveModelStage implements Stage<'save-model'> {
  readonly name = 'save-model' as const;
  readonly version = '1';

  constructor(private readonly registry: ModelRegistry) {}

  async fingerprint(context: StageFacts<'save-model'>): Promise<string> {
    return context.runId;
  }

  validateInput(context: StageContext<'save-model'>): void {
    for (const stage of ['collect', 'walk-forward', 'cross-validation', 'monte-carlo'] as const) context.input(stage);
    context.input(producerOf(context));
  }

  async execute(context: StageContext<'save-model'>): Promise<StageOutput> {
    const producedBy = producerOf(context);
    const [onnx, cardBytes] = await Promise.all([
      readInputArtifact(context, producedBy, 'model'),
      readInputArtifact(context, producedBy, 'model-card'),
    ]);
    const trainerCard = failingAsStage(() => JSON.parse(new TextDecoder().decode(cardBytes)) as TrainerCard);
    const parity = context.input(producedBy).metrics.onnxMaxAbsDiff;
    if (!(parity <= 1e-5)) throw new StageFailure(`${producedBy}'s model has no proven ONNX parity (max |diff| ${parity}): it is not registered`);
    const draft: CardDraft = modelCardDraft({
      spec: context.spec,
      inputs: context.inputs,
      input: (stage) => context.input(stage),
      producedBy,
      trainerCard,
    });
    const name = context.params.name ?? defaultModelName(context.spec);
    const registered = await this.registry.register({ name, runId: context.runId, onnx, card: draft }).catch((error: Error) => {
      throw StageFailure.transient(`the model registry refused '${name}': ${error.message}`, error);
    });
    const { entry, card, created } = registered;
    if (entry.onnxSha256 !== card.onnx.sha256)
      throw new StageFailure(`registry holds ${entry.onnxSha256} for ${name} v${entry.version}, not this model`);
    const cardRef = await context.artifacts.put(new TextEncoder().encode(JSON.stringify(card, null, 2)), 'application/json');
    context.logger.info({ name, version: entry.version, created }, created ? 'model registered' : 'model was already registered by this run');
    return {
      artifacts: [{ name: 'registered-card', ...cardRef }],
      metrics: { version: entry.version, created: created ? 1 : 0, onnxBytes: card.onnx.bytes, lineageStages: card.lineage.length },
      summary: { name, version: entry.version, stage: entry.stage, onnxSha256: entry.onnxSha256, producedBy },
      payload: { name, version: entry.version, stage: entry.stage, onnxSha256: entry.onnxSha256 },
    };
  }

  validateOutput(output: StageOutput): void {
    if (!(output.metrics.version >= 1)) throw new StageFailure('save-model registered no version');
  }
}

/** The stage whose graph is the run's deployable model. */
function producerOf(context: Pick<StageContext, 'spec'>): 'train' | 'meta-learner' {
  return context.spec.model === 'ensemble' ? 'meta-learner' : 'train';
}
