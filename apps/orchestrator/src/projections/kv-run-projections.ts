import { KV, KvWatchEntry } from '@nats-io/kv';
import type { NatsConnection, QueuedIterator } from '@nats-io/transport-node';
import { Observable } from 'rxjs';
import { Buckets, isRunEvent, RunStatus } from '@ares/contracts';
import { mapConcurrently } from '@ares/concurrency';
import { EventStore } from '@ares/event-store';
import { LoadedRun, RecordedRunEvent, toRunEvent } from '../saga/run-history';
import { RunProjector } from '../saga/run-projector';
import { RunDetail, RunSummary, summarize } from './run-detail';
import { projectRunDetail } from './run-detail.projection';
import { openOrCreateKv } from '@ares/messaging';

const keyOf = (runId: string) => `run.${runId}`;
const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];
/** KV gets in flight at once when listing runs. */
const PARALLEL_READS = 16;

/** A change of the run list: a run's read model as written, or a run whose model was deleted (a rebuild). */
export type RunListChange = { detail: RunDetail } | { removed: string };

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
    const kv = await openOrCreateKv(nc, options.bucket ?? Buckets.runs, { history: 1, storage: 'file' as never });
    return new KvRunProjections(kv, store, options.maxCachedModels ?? 1000);
  }

  async project(run: LoadedRun, appended: readonly RecordedRunEvent[] = []): Promise<void> {
    let detail = this.models.get(run.runId)?.detail;
    // Asked to catch up a model this process wrote at that version or later: nothing to read, nothing to write.
    if (appended.length === 0 && detail && detail.version >= run.version) return;
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
    const runIds: string[] = [];
    for await (const key of await this.kv.keys('run.*')) runIds.push(key.slice('run.'.length));
    // One round trip per run, a few at a time: a list of hundreds of runs is not hundreds of sequential waits.
    const details = await mapConcurrently(runIds, PARALLEL_READS, (runId) => this.get(runId));
    return details.filter((detail): detail is RunDetail => detail !== undefined).sort((a, b) => (a.runId < b.runId ? -1 : 1));
  }

  /**
   * The run's read model as it changes: the current one first (caught up from history), then every newer version
   * written to KV. Completes once a terminal status has been sent (or at once for an unknown run); unsubscribing
   * stops the KV watch.
   */
  watch(runId: string): Observable<RunDetail> {
    return this.follow({ key: keyOf(runId) }, async (entries, next) => {
      let sent = 0;
      const send = (detail: RunDetail | undefined): boolean => {
        if (!detail) return false;
        if (detail.version <= sent) return true; // an older model (the KV behind history): already seen newer
        sent = detail.version;
        next(detail);
        return !TERMINAL_STATUSES.includes(detail.status);
      };
      if (!send(await this.current(runId))) return;
      for await (const entry of entries) {
        if (entry.operation === 'PUT' && entry.length > 0 && !send(entry.json<RunDetail>())) return;
      }
    });
  }

  /** Every run's read model, each current one first and then each write, as long as the subscriber stays. */
  watchAll(): Observable<RunListChange> {
    return this.follow({ key: keyOf('*') }, async (entries, next) => {
      for await (const entry of entries) {
        if (entry.operation === 'PUT' && entry.length > 0) next({ detail: entry.json<RunDetail>() });
        else next({ removed: entry.key.slice('run.'.length) });
      }
    });
  }

  /** A KV watch as an Observable: opened on subscribe, stopped on unsubscribe, completed when `consume` returns. */
  private follow<T>(
    options: { key: string },
    consume: (entries: QueuedIterator<KvWatchEntry>, next: (value: T) => void) => Promise<void>,
  ): Observable<T> {
    return new Observable<T>((subscriber) => {
      let watcher: QueuedIterator<KvWatchEntry> | undefined;
      let closed = false;
      // The watch opens before anything is read, so that a write landing in between is not missed.
      this.kv
        .watch(options)
        .then(async (opened) => {
          watcher = opened;
          if (!closed) await consume(opened, (value) => subscriber.next(value));
        })
        .then(
          () => subscriber.complete(),
          (error: unknown) => subscriber.error(error),
        )
        .finally(() => watcher?.stop());
      return () => {
        closed = true;
        watcher?.stop();
      };
    });
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
