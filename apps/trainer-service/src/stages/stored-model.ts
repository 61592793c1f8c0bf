import { createHash } from 'node:crypto';
import { ArtifactRef } from '@ares/contracts';
import { StageContext, StageFailure } from '@ares/stage-runtime';
import { DeployableModel, DeployableSetup, sidedTargets, toPortableModel } from '@ares/training';

export const ONNX_MEDIA_TYPE = 'application/onnx';

export interface StoredModel {
  artifacts: (ArtifactRef & { name: string })[];
  metrics: Record<string, number>;
  sha256: string;
}

/**
 * Exports the model to ONNX, proves that onnxruntime-node reproduces it on its training rows (≤ 1e-5 on every
 * output, else a StageFailure), and stores the bytes (`model`) and a model card (`model-card`) beside them.
 */
export async function storeModel(
  context: StageContext,
  model: DeployableModel,
  setup: DeployableSetup,
  rows: Int32Array,
  card: Record<string, unknown>,
): Promise<StoredModel> {
  const { inputs } = setup;
  const portable = await toPortableModel(model, inputs.columns, rows).catch((error: Error) => {
    throw new StageFailure(`the ONNX export does not reproduce the model: ${error.message}`);
  });
  const sha256 = createHash('sha256').update(portable.onnx).digest('hex');
  const modelRef = await context.artifacts.put(portable.onnx, ONNX_MEDIA_TYPE);
  const targets = sidedTargets(setup.labels);
  const rate = (target: Uint8Array) => rows.reduce((sum, row) => sum + target[row], 0) / rows.length;
  const { timestamps } = inputs.candles;
  const fullCard = {
    ...model.card,
    features: inputs.featureNames,
    outputs: model.spec.outputs,
    // How its outputs become bets: what anyone replaying the model (ab-setup, against a later challenger) needs.
    betRule: model.betRule,
    targets: {
      long: 'P(a long entered at the close reaches its take-profit first)',
      short: 'P(a short entered at the close reaches its take-profit first)',
    },
    ...card,
    trainRows: rows.length,
    trainedOn: { from: new Date(timestamps[rows[0]]).toISOString(), to: new Date(timestamps[rows[rows.length - 1]]).toISOString() },
    onnx: { sha256, maxAbsDiff: portable.maxAbsDiff, bytes: portable.onnx.byteLength },
  };
  const cardRef = await context.artifacts.put(new TextEncoder().encode(JSON.stringify(fullCard, null, 2)), 'application/json');
  return {
    artifacts: [
      { name: 'model', ...modelRef },
      { name: 'model-card', ...cardRef },
    ],
    metrics: {
      trainRows: rows.length,
      longPositiveRate: rate(targets.long),
      shortPositiveRate: rate(targets.short),
      onnxMaxAbsDiff: portable.maxAbsDiff,
      modelBytes: portable.onnx.byteLength,
    },
    sha256,
  };
}
