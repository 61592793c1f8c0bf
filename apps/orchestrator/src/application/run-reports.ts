import { ArtifactStore } from '@ares/artifacts';
import { findArtifact } from '@ares/contracts';
import { RunDecisionError } from '../run/run-command';
import { RunService } from './run-service';

/** A run's HTML report: the `report` artifact of its report stage, read from the artifact store. */
export class RunReports {
  constructor(
    private readonly runs: RunService,
    private readonly artifacts: ArtifactStore,
  ) {}

  async html(runId: string): Promise<Uint8Array> {
    const detail = await this.runs.detail(runId);
    const stage = detail.stages.find((candidate) => candidate.name === 'report');
    const ref = stage?.status === 'completed' ? findArtifact({ artifacts: stage.artifacts, metrics: {} }, 'report') : undefined;
    if (!ref) {
      const state = stage ? `its report stage is ${stage.status}` : 'it has no report stage';
      throw new RunDecisionError('not-found', `run '${runId}' has no report yet: ${state}`);
    }
    return this.artifacts.get(ref);
  }
}
