import { StageOutput } from '@ares/contracts';
import { failingAsStage, Stage, StageContext, StageFailure } from '@ares/stage-runtime';
import { chosenBarrier, readDeployableContext, readInputArtifact, tunedModel } from '@ares/stage-io';
import { decodeEnsembleMembers, SIDES, stackMembers, trainableRows } from '@ares/training';
import { storeModel } from './stored-model';

/**
 * The stacking layer and the meta-label model over the ensemble's out-of-fold logits (their L2 chosen by nested
 * purged CV), and the whole ensemble — every member of both sides, the stack and the meta-label layer — as one
 * ONNX graph, checked against onnxruntime-node on the training matrix. When the RunSpec's model is `ensemble`, this
 * is the run's deployable model.
 */
export class MetaLearnerStage implements Stage<'meta-learner'> {
  readonly name = 'meta-learner' as const;
  readonly version = '1';

  validateInput(context: StageContext<'meta-learner'>): void {
    chosenBarrier(context);
    tunedModel(context);
    context.input('ensemble');
  }

  async execute(context: StageContext<'meta-learner'>): Promise<StageOutput> {
    const { setup, barrier, tuned } = await readDeployableContext(context);
    const { inputs, labels } = setup;
    const [json, oof] = await Promise.all([
      readInputArtifact(context, 'ensemble', 'ensemble-members'),
      readInputArtifact(context, 'ensemble', 'out-of-fold-logits'),
    ]);
    const members = failingAsStage(() => decodeEnsembleMembers(json, oof, inputs.candles.length));
    const { model, stacked } = failingAsStage(() => stackMembers({ ...setup, meta: context.params }, members));
    await context.progress(0.5, 'stacked; exporting the ensemble as one ONNX graph');
    const rows = trainableRows(labels);
    const stored = await storeModel(context, model, setup, rows, {
      threshold: tuned.trainParams.threshold ?? 'break-even after costs',
      betSizeStep: context.params.betSizeStep,
      barrier,
      seed: context.spec.seed,
      tunedBy: { stage: 'hpo', trial: tuned.trial, leaders: tuned.leaders.map((leader) => leader.trial) },
    });
    const metrics: Record<string, number> = { ...stored.metrics, members: members.configs.length, learners: stacked.spec.learners.length };
    for (const side of SIDES) {
      const suffix = side === 'long' ? 'Long' : 'Short';
      metrics[`stackL2${suffix}`] = stacked.stack[side].l2;
      metrics[`stackLogLoss${suffix}`] = stacked.stack[side].cvLogLoss;
      if (stacked.meta) {
        metrics[`metaBets${suffix}`] = stacked.meta[side].bets;
        metrics[`metaHitRate${suffix}`] = stacked.meta[side].hitRate;
        metrics[`metaFitted${suffix}`] = stacked.meta[side].fit ? 1 : 0;
      }
    }
    return {
      artifacts: stored.artifacts,
      metrics,
      summary: {
        model: 'ensemble',
        modelSha256: stored.sha256,
        outputs: stacked.spec.outputs,
        stacking: stacked.stack,
        metaLabelling: stacked.meta,
        deployed: context.spec.model === 'ensemble',
      },
    };
  }

  validateOutput(output: StageOutput): void {
    if (!((output.metrics.onnxMaxAbsDiff ?? Infinity) <= 1e-5)) throw new StageFailure('ONNX parity was not established');
  }
}
