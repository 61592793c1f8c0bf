import { KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { Buckets, isRunEvent, RunStatus } from '@ares/contracts';
import { EventStore } from '@ares/event-store';
import { LoadedRun, RecordedRunEvent, toRunEvent } from '../saga/run-history';
import { RunProjector } from '../saga/run-projector';
import { RunDetail, RunSummary, summarize } from './run-detail';
import { projectRunDetail } from './run-detail.projection';
import { createOrOpenRacing } from '@ares/messaging';

const keyOf = (runId: string) => `run.${runId}`;

/**
 * Run read models in NATS KV, one key per run. Each decision folds only the events it appended into the model
 * (kept in a bounded cache with its KV revision), so projecting costs the same at event 5,000 as at event 50; a
 * model that is missing or behind is caught up from history. Writes use compare-and-set on the KV revision and
 * never replace a model with an older version, so concurrent orchestrators and replays are harmless.
 */
export class KvRunProjections implements RunProjector {
  private readonly models = new Map<string, { detail: RunDetail; revision: number }>();

  private constructor(
    private readonly kv: KV,
    private readonly store: EventStore,
    private readonly maxCachedModels: number,
  ) {}

  static async open(nc: NatsConnection, store: EventStore, options: { bucket?: string; maxCachedModels?: number } = {}): Promise<KvRunProjections> {
    const kv = await createOrOpenRacing(() => new Kvm(nc).create(options.bucket ?? Buckets.runs, { history: 1, storage: 'file' as never }));
    return new KvRunProjections(kv, store, options.maxCachedModels ?? 1000);
  }

  async project(run: LoadedRun, appended: readonly RecordedRunEvent[] = []): Promise<void> {
    let detail = this.models.get(run.runId)?.detail;
    const contiguous = detail !== undefined && appended.length > 0 && appended[0].version === detail.version + 1;
    if (contiguous) for (const { event, version } of appended) detail = projectRunDetail(detail, event, version);
    else detail = await this.current(run.runId);
    if (detail) await this.write(detail);
  }

  /** The run's read model caught up with its history: the stored model plus whatever history holds beyond it. */
  async current(runId: string): Promise<RunDetail | undefined> {
    let detail = this.models.get(runId)?.detail ?? (await this.get(runId));
    const slice = await this.store.readStream(runId, { fromVersion: (detail?.version ?? 0) + 1 });
    for (const recorded of slice.events) detail = projectRunDetail(detail, toRunEvent(recorded), recorded.version);
    return detail;
  }

  async get(runId: string): Promise<RunDetail | undefined> {
    const entry = await this.kv.get(keyOf(runId));
    return entry && entry.operation === 'PUT' && entry.length > 0 ? entry.json<RunDetail>() : undefined;
  }

  /** Newest first. */
  async list(status?: RunStatus): Promise<RunSummary[]> {
    const summaries: RunSummary[] = [];
    for (const detail of await this.all()) if (!status || detail.status === status) summaries.push(summarize(detail));
    return summaries.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.runId < b.runId ? 1 : -1));
  }

  async all(): Promise<RunDetail[]> {
    const details: RunDetail[] = [];
    for await (const key of await this.kv.keys('run.*')) {
      const detail = await this.get(key.slice('run.'.length));
      if (detail) details.push(detail);
    }
    return details.sort((a, b) => (a.runId < b.runId ? -1 : 1));
  }

  /** Throws the read models away and folds them again from the event store alone. */
  async rebuild(store: EventStore): Promise<number> {
    const details = new Map<string, RunDetail | undefined>();
    for await (const recorded of store.readAll()) {
      if (!isRunEvent({ type: recorded.type, data: recorded.data })) continue;
      details.set(recorded.streamId, projectRunDetail(details.get(recorded.streamId), toRunEvent(recorded), recorded.version));
    }
    this.models.clear();
    for await (const key of await this.kv.keys('run.*')) {
      if (!details.has(key.slice('run.'.length))) await this.kv.delete(key);
    }
    for (const detail of details.values()) if (detail) await this.kv.put(keyOf(detail.runId), JSON.stringify(detail));
    return details.size;
  }

  private async write(detail: RunDetail): Promise<void> {
    const key = keyOf(detail.runId);
    let known = this.models.get(detail.runId);
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        const revision = known
          ? await this.kv.update(key, JSON.stringify(detail), known.revision)
          : await this.kv.create(key, JSON.stringify(detail));
        this.remember(detail, revision);
        return;
      } catch (error) {
        // Someone else wrote (another orchestrator, a replay): read what is there and keep the newer model.
        const entry = await this.kv.get(key);
        const stored = entry && entry.operation === 'PUT' && entry.length > 0 ? entry.json<RunDetail>() : undefined;
        if (entry && stored && stored.version >= detail.version) {
          this.remember(stored, entry.revision);
          return;
        }
        if (attempt === 9) throw error; // lost the race ten times: let the caller's redelivery try again
        known = entry ? { detail: stored ?? detail, revision: entry.revision } : undefined;
      }
    }
  }

  private remember(detail: RunDetail, revision: number): void {
    this.models.delete(detail.runId);
    this.models.set(detail.runId, { detail, revision });
    while (this.models.size > this.maxCachedModels) this.models.delete(this.models.keys().next().value!);
  }
}
