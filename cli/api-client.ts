/** A thin client of the orchestrator's HTTP API, shared by the CLI, the demo and the end-to-end tests. */
export interface StageView {
  name: string;
  status: string;
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  metrics: Record<string, number>;
  artifacts: { name: string; key: string; size: number }[];
  error: string | null;
  progress?: number | null;
  message?: string | null;
  cached?: boolean;
}

export interface RunView {
  runId: string;
  status: 'running' | 'completed' | 'failed' | 'cancelled';
  stages: StageView[];
  error: string | null;
  createdAt?: string;
  finishedAt?: string | null;
}

export interface ModelVersionView {
  version: number;
  runId: string;
  stage: 'none' | 'challenger' | 'champion' | 'archived';
  registeredAt: string;
  onnxSha256: string;
  ab?: { decision: string; reason: string; trafficSplit: { champion: number; challenger: number }; minimumSample: { bars: number; days: number } };
  history: { stage: string; at: string; reason: string }[];
}

export interface ModelView {
  name: string;
  champion: number | null;
  versions: ModelVersionView[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const message = (body as { message?: unknown })?.message;
    super(`HTTP ${status}: ${Array.isArray(message) ? message.join('; ') : String(message ?? JSON.stringify(body))}`);
    this.name = 'ApiError';
  }
}

export class AresApiClient {
  /** `token`: sent as `Authorization: Bearer` (default ARES_API_TOKEN; the orchestrator requires it when it has one). */
  constructor(
    readonly baseUrl: string = process.env.ARES_API_URL ?? 'http://127.0.0.1:3000',
    private readonly token: string | undefined = process.env.ARES_API_TOKEN,
  ) {}

  startRun(spec: Record<string, unknown>): Promise<{ runId: string }> {
    return this.call('POST', '/runs', { spec });
  }
  listRuns(status?: string): Promise<(Omit<RunView, 'stages'> & { symbol: string; timeframe: string; from: string; to: string })[]> {
    return this.call('GET', `/runs${status ? `?status=${encodeURIComponent(status)}` : ''}`);
  }
  getRun(runId: string): Promise<RunView> {
    return this.call('GET', `/runs/${encodeURIComponent(runId)}`);
  }
  getEvents(runId: string): Promise<{ type: string; version: number; occurredAt: string; data: unknown }[]> {
    return this.call('GET', `/runs/${encodeURIComponent(runId)}/events`);
  }
  cancelRun(runId: string, reason?: string): Promise<{ runId: string; status: string }> {
    return this.call('POST', `/runs/${encodeURIComponent(runId)}/cancel`, reason ? { reason } : {});
  }
  resumeRun(runId: string): Promise<{ runId: string; status: string }> {
    return this.call('POST', `/runs/${encodeURIComponent(runId)}/resume`, {});
  }
  health(): Promise<{ status: string; services: Record<string, { status: string }> }> {
    return this.call('GET', '/health');
  }

  listModels(): Promise<{ name: string; latest: number; champion: number | null; versions: number }[]> {
    return this.call('GET', '/models');
  }
  getModel(name: string): Promise<ModelView> {
    return this.call('GET', `/models/${encodeURIComponent(name)}`);
  }
  getModelVersion(name: string, version: number): Promise<ModelVersionView & { card: Record<string, unknown> }> {
    return this.call('GET', `/models/${encodeURIComponent(name)}/versions/${version}`);
  }
  promoteModel(name: string, version: number, body: { stage?: string; reason?: string } = {}): Promise<ModelVersionView> {
    return this.call('POST', `/models/${encodeURIComponent(name)}/versions/${version}/promote`, body);
  }
  /** A version's ONNX bytes and the sha256 the registry holds for them. */
  async getModelOnnx(name: string, version: number): Promise<{ bytes: Uint8Array; sha256: string | null }> {
    const response = await this.fetchOk('GET', `/models/${encodeURIComponent(name)}/versions/${version}/onnx`);
    return { bytes: new Uint8Array(await response.arrayBuffer()), sha256: response.headers.get('x-ares-sha256') };
  }
  /** The run's self-contained HTML report. */
  async getReport(runId: string): Promise<string> {
    return (await this.fetchOk('GET', `/runs/${encodeURIComponent(runId)}/report`)).text();
  }

  /** Polls until the run ends, calling `onChange` whenever what a person would see changed. */
  async watch(runId: string, onChange: (run: RunView) => void, { intervalMs = 300, timeoutMs = Infinity } = {}): Promise<RunView> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      const run = await this.getRun(runId);
      const fingerprint = JSON.stringify([run.status, run.stages.map((stage) => [stage.status, stage.attempts, stage.progress, stage.message])]);
      if (fingerprint !== last) {
        last = fingerprint;
        onChange(run);
      }
      if (['completed', 'failed', 'cancelled'].includes(run.status)) return run;
      if (Date.now() > deadline) throw new Error(`run ${runId} did not finish within ${timeoutMs} ms (status ${run.status})`);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const text = await (await this.fetchOk(method, path, body)).text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** The response when it is a 2xx; an ApiError with the parsed body otherwise. */
  private async fetchOk(method: string, path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new Error(
        `cannot reach the Ares API at ${this.baseUrl} (${(error as Error).message}); is it running? (npm run up, or set ARES_API_URL)`,
        { cause: error },
      );
    }
    if (response.ok) return response;
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (a proxy's error page): the text itself is the message.
    }
    throw new ApiError(response.status, parsed);
  }
}
