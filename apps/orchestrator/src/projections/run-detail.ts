import { NamedArtifactRef, RunSpec, RunStatus, StageName, StageStatus } from '@ares/contracts';

/** The read model behind `GET /runs/:id`. */
export interface StageDetail {
  name: StageName;
  status: StageStatus;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  metrics: Record<string, number>;
  artifacts: NamedArtifactRef[];
  error: string | null;
  progress: number | null;
  message: string | null;
  cached: boolean;
  instance: string | null;
  /** Units of work checkpointed so far (folds, trials, splits), by any attempt. */
  units?: number;
  summary?: Record<string, unknown>;
}

export interface RunDetail {
  runId: string;
  status: RunStatus;
  spec: RunSpec;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  error: string | null;
  /** Version of the last history event folded in: lets writers skip what they already applied. */
  version: number;
  stages: StageDetail[];
}

/** The read model behind `GET /runs`. */
export type RunSummary = Pick<RunDetail, 'runId' | 'status' | 'createdAt' | 'updatedAt' | 'finishedAt' | 'error'> & {
  symbol: string;
  timeframe: string;
  from: string;
  to: string;
};

export function summarize(detail: RunDetail): RunSummary {
  const { runId, status, createdAt, updatedAt, finishedAt, error, spec } = detail;
  return { runId, status, createdAt, updatedAt, finishedAt, error, symbol: spec.symbol, timeframe: spec.timeframe, from: spec.from, to: spec.to };
}
