import { ChosenBarrier, ContractViolationError, findArtifact, parseContract, StageName, TargetParamsOutput } from '@ares/contracts';
import { CandleDataset, decodeCandles, decodeFeatureMatrix, FeatureMatrix } from '@ares/market-data';
import { artifactStageFailure, StageContext, StageFailure } from '@ares/stage-runtime';

/**
 * An upstream stage's artifact, fetched. A missing or corrupt one is a permanent StageFailure that names it (no retry
 * brings bytes back); any other error reading it (a store timeout, a lost connection) is transient and retried.
 */
export async function readInputArtifact(context: StageContext, stage: StageName, name: string): Promise<Uint8Array> {
  const ref = findArtifact(context.input(stage), name);
  if (!ref) throw new StageFailure(`stage '${context.stage}' needs ${stage}'s '${name}' artifact, which ${stage}'s output does not list`);
  try {
    return await context.artifacts.get(ref);
  } catch (error) {
    // The runtime's store already classifies its errors; a bare store (a test's) is classified the same way.
    throw artifactStageFailure(`${stage}'s ${name} ${ref.key} cannot be read: ${(error as Error).message}`, error);
  }
}

async function decoded<T>(context: StageContext, stage: StageName, name: string, decode: (bytes: Uint8Array) => T): Promise<T> {
  const bytes = await readInputArtifact(context, stage, name);
  try {
    return decode(bytes);
  } catch (error) {
    throw new StageFailure(`${stage}'s ${name} artifact is malformed: ${(error as Error).message}`);
  }
}

/** collect's candles, as the source had them. */
export function readCollectedDataset(context: StageContext): Promise<CandleDataset> {
  return decoded(context, 'collect', 'dataset', decodeCandles);
}

/** validate-data's candles with its row mask (1 = usable). */
export async function readMaskedDataset(context: StageContext): Promise<CandleDataset & { mask: Uint8Array }> {
  const dataset = await decoded(context, 'validate-data', 'masked-dataset', decodeCandles);
  if (!dataset.mask) throw new StageFailure("validate-data's masked-dataset has no mask column");
  return dataset as CandleDataset & { mask: Uint8Array };
}

/** preprocess's feature matrix (its `close` column included). */
export function readFeatures(context: StageContext): Promise<FeatureMatrix> {
  return decoded(context, 'preprocess', 'features', (bytes) => decodeFeatureMatrix(bytes));
}

/** target-params' labels: `label`, `touchIndex`, `touchReturn`, `valid` columns. */
export function readLabels(context: StageContext): Promise<FeatureMatrix> {
  return decoded(context, 'target-params', 'labels', (bytes) =>
    decodeFeatureMatrix(bytes, { expectColumns: ['label', 'touchIndex', 'touchReturn', 'valid'] }),
  );
}

/** The (k_tp, k_sl, h) target-params chose, from its output payload (checked against its contract). */
export function chosenBarrier(context: Pick<StageContext, 'input'>): ChosenBarrier {
  try {
    return parseContract(TargetParamsOutput, context.input('target-params').payload ?? {}).barrier;
  } catch (error) {
    const problems = error instanceof ContractViolationError ? error.problems.join('; ') : (error as Error).message;
    throw new StageFailure(`target-params' output payload does not carry the chosen barrier: ${problems}`);
  }
}
