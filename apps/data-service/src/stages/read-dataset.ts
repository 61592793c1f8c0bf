import { findArtifact } from '../../../../libs/contracts/src';
import { CandleDataset, decodeCandles } from '../../../../libs/market-data/src';
import { StageContext, StageFailure } from '../../../../libs/stage-runtime/src';

/** collect's dataset, fetched and decoded; a missing or malformed artifact is a StageFailure that says so. */
export async function readCollectedDataset(context: StageContext): Promise<CandleDataset> {
  const ref = findArtifact(context.input('collect'), 'dataset');
  if (!ref) throw new StageFailure(`stage '${context.stage}' needs collect's 'dataset' artifact, which collect's output does not list`);
  try {
    return decodeCandles(await context.artifacts.get(ref));
  } catch (error) {
    throw new StageFailure(`collect's dataset ${ref.key} cannot be read: ${(error as Error).message}`);
  }
}
