/** The orchestrator's HTTP API as the dashboard sees it: wire shapes and the few calls it makes (live data comes by SSE). */

export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled';
export type StageStatus = 'pending' | 'dispatched' | 'running' | 'completed' | 'failed' | 'skipped' | 'cancelled';
export const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];

export interface StageView {
  name: string;
  status: StageStatus;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  metrics: Record<string, number>;
  artifacts: { name: string; key: string; size: number }[];
  error: string | null;
  progress: number | null;
  message: string | null;
  cached: boolean;
  instance: string | null;
  units?: number;
}

export interface RunSpecView {
  symbol: string;
  exchange: string;
  timeframe: string;
  from: string;
  to: string;
  source: string;
  seed: number;
  model: string;
  market: string;
  stages?: Record<string, unknown>;
}

/** One event of `GET /runs/:id/stream`. */
export interface RunDetail {
  runId: string;
  status: RunStatus;
  spec: RunSpecView;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  error: string | null;
  version: number;
  stages: StageView[];
}

/** One `run` event of `GET /runs-stream`. */
export interface RunListEntry {
  runId: string;
  status: RunStatus;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
  symbol: string;
  timeframe: string;
  from: string;
  to: string;
  stagesDone: number;
  stagesTotal: number;
  activeStage: { name: string; progress: number | null } | null;
}

export interface StageInfo {
  name: string;
  service: string;
  dependsOn: string[];
  description: string;
}

export type ModelStage = 'none' | 'challenger' | 'champion' | 'archived';

export interface ModelSummary {
  name: string;
  latest: number;
  champion: number | null;
  versions: number;
}

export interface ModelVersion {
  version: number;
  runId: string;
  stage: ModelStage;
  registeredAt: string;
  onnxSha256: string;
  ab?: { decision: string; reason: string; trafficSplit?: { champion: number; challenger: number } };
}

export interface ModelDetail {
  name: string;
  champion: number | null;
  versions: ModelVersion[];
}

/** A non-2xx answer, with the API's messages (one per offending field for a 400). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string[],
  ) {
    super(`HTTP ${status}: ${messages.join('; ')}`);
  }
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    const message = (parsed as { message?: unknown } | undefined)?.message;
    throw new HttpError(response.status, Array.isArray(message) ? message.map(String) : [String(message ?? response.statusText)]);
  }
  return parsed as T;
}

let catalogue: Promise<StageInfo[]> | undefined;

/** The stage catalogue does not change while the orchestrator runs: asked once per page load (again after a failure). */
function stageCatalogue(): Promise<StageInfo[]> {
  if (!catalogue) {
    catalogue = call<StageInfo[]>('GET', '/stages');
    catalogue.catch(() => (catalogue = undefined));
  }
  return catalogue;
}

export const api = {
  stages: stageCatalogue,
  validate: (spec: Record<string, unknown>) => call<{ valid: true; spec: RunSpecView }>('POST', '/runs/validate', { spec }),
  start: (spec: Record<string, unknown>) => call<{ runId: string }>('POST', '/runs', { spec }),
  runExists: (runId: string) =>
    call('GET', `/runs/${encodeURIComponent(runId)}`).then(
      () => true,
      (error: unknown) => (error instanceof HttpError && error.status === 404 ? false : Promise.reject(error)),
    ),
  models: () => call<ModelSummary[]>('GET', '/models'),
  model: (name: string) => call<ModelDetail>('GET', `/models/${encodeURIComponent(name)}`),
};

export const runStreamUrl = (runId: string) => `/runs/${encodeURIComponent(runId)}/stream`;
export const runListStreamUrl = '/runs-stream';
export const reportUrl = (runId: string) => `/runs/${encodeURIComponent(runId)}/report`;
export const runHref = (runId: string) => `#/runs/${encodeURIComponent(runId)}`;
export const modelHref = (name: string) => `#/models/${encodeURIComponent(name)}`;
