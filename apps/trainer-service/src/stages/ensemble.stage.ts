import { StageOutput } from '@ares/contracts';
import { failingAsStage, Stage, StageContext, StageFailure } from '@ares/stage-runtime';
import { chosenBarrier, readDeployableContext, tunedModel } from '@ares/stage-io';
import {
  binaryLogLoss,
  correlationMatrix,
  encodeEnsembleMembers,
  EnsembleMembers,
  fitMembers,
  sidedTargets,
  SidedTargets,
  SIDES,
  trainableRows,
} from '@ares/training';

// Builtins bound once: a global lookup per row is slow inside a vm context (Jest's runs every spec in one).
const { exp } = Math;

/**
 * The ensemble's members, per side: the study's best distinct configurations bagged over seeds, a random forest and
 * the logistic baseline, each fitted on every labelled row and, for the stacking layer, on each purged, embargoed
 * fold of those rows with the fold's out-of-fold logits kept.
 */
export class EnsembleStage implements Stage<'ensemble'> {
  readonly name = 'ensemble' as const;
  readonly version = '1';

  validateInput(context: StageContext<'ensemble'>): void {
    chosenBarrier(context);
    tunedModel(context);
  }

  async execute(context: StageContext<'ensemble'>): Promise<StageOutput> {
    const { setup } = await readDeployableContext(context);
    const { labels } = setup;
    const rows = trainableRows(labels);
    const started = Date.now();
    const members = await fitMembers(
      {
        ...setup,
        onFit: async (done, total) => {
          context.signal.throwIfAborted();
          if (done % 8 === 0 || done === total) await context.progress(done / total, `${done}/${total} member fits`);
        },
      },
      rows,
    ).catch((error: Error) => {
      if (context.signal.aborted || error instanceof StageFailure) throw error;
      throw new StageFailure(`the ensemble could not be fitted: ${error.message}`);
    });
    const wallSeconds = (Date.now() - started) / 1000;
    const encoded = encodeEnsembleMembers(members);
    const [membersRef, oofRef] = await Promise.all([
      context.artifacts.put(encoded.json, 'application/json'),
      context.artifacts.put(encoded.oof, 'application/octet-stream'),
    ]);
    const quality = failingAsStage(() => memberQuality(members, sidedTargets(labels)));
    return {
      artifacts: [
        { name: 'ensemble-members', ...membersRef },
        { name: 'out-of-fold-logits', ...oofRef },
      ],
      metrics: {
        members: members.configs.length,
        memberFits: members.configs.length * 2 * (members.folds.length + 1),
        trainRows: rows.length,
        outOfFoldRows: members.oofRows.length,
        meanMemberCorrelation: quality.meanCorrelation,
        bestMemberLogLoss: Math.min(...quality.members.flatMap((member) => [member.long, member.short])),
        fitSeconds: wallSeconds,
      },
      summary: { members: quality.members, folds: members.folds, meanMemberCorrelation: quality.meanCorrelation },
    };
  }

  validateOutput(output: StageOutput): void {
    if (!((output.metrics.outOfFoldRows ?? 0) > 0)) throw new StageFailure('the ensemble has no out-of-fold predictions to stack');
  }
}

/** Each member's out-of-fold log loss per side, and the mean pairwise correlation of their logits (diversity). */
function memberQuality(members: EnsembleMembers, targets: SidedTargets) {
  const rows = members.oofRows;
  const logLoss = (column: Float64Array, target: Uint8Array) =>
    binaryLogLoss(
      Array.from(rows, (row) => 1 / (1 + exp(-column[row]))),
      Array.from(rows, (row) => target[row]),
    );
  const perMember = members.configs.map((config, j) => ({
    name: config.name,
    long: logLoss(members.oof.long[j], targets.long),
    short: logLoss(members.oof.short[j], targets.short),
  }));
  let sum = 0;
  let pairs = 0;
  for (const side of SIDES) {
    const count = members.oof[side].length;
    const matrix = correlationMatrix(members.oof[side], rows);
    for (let a = 0; a < count; a++) {
      for (let b = a + 1; b < count; b++) {
        sum += matrix[a * count + b];
        pairs++;
      }
    }
  }
  return { members: perMember, meanCorrelation: pairs > 0 ? sum / pairs : 1 };
}
