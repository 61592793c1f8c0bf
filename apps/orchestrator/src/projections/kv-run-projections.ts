import { KV, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { Buckets, isRunEvent, RunStatus } from '@ares/contracts';
import { EventStore } from '@ares/event-store';
import { LoadedRun } from '../saga/run-history';
import { RunProjector } from '../saga/run-projector';
import { RunDetail, RunSummary, summarize } from './run-detail';
import { foldRunDetail, projectRunDetail } from './run-detail.projection';
import { createOrOpenRacing } from '@ares/messaging';

const keyOf = (runId: string) => `run.${runId}`;

/**
 * Run read models in NATS KV, one key per run. Writes use compare-and-set on the KV revision and
 * never replace a model with an older version, so concurrent orchestrators and replays are harmless.
 */
export class KvRunProjections implements RunProjector {
  private constructor(private readonly kv: KV) {}

  static async open(nc: NatsConnection, bucket: string = Buckets.runs): Promise<KvRunProjections> {
    return new KvRunProjections(await createOrOpenRacing(() => new Kvm(nc).create(bucket, { history: 1, storage: 'file' as never })));
  }

  async project(run: LoadedRun): Promise<void> {
    const detail = foldRunDetail(run.events);
    if (detail) await this.write(detail);
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
      const event = { type: recorded.type, data: recorded.data };
      if (!isRunEvent(event)) continue;
      details.set(recorded.streamId, projectRunDetail(details.get(recorded.streamId), event, recorded.version));
    }
    for await (const key of await this.kv.keys('run.*')) {
      if (!details.has(key.slice('run.'.length))) await this.kv.delete(key);
    }
    for (const detail of details.values()) if (detail) await this.kv.put(keyOf(detail.runId), JSON.stringify(detail));
    return details.size;
  }

  private async write(detail: RunDetail): Promise<void> {
    const key = keyOf(detail.runId);
    for (let attempt = 0; attempt < 10; attempt++) {
      const entry = await this.kv.get(key);
      const exists = entry !== null && entry.operation === 'PUT' && entry.length > 0;
      if (exists && entry.json<RunDetail>().version >= detail.version) return;
      try {
        if (entry) await this.kv.update(key, JSON.stringify(detail), entry.revision);
        else await this.kv.create(key, JSON.stringify(detail));
        return;
      } catch (error) {
        if (attempt === 9) throw error; // lost the race ten times: let the caller's redelivery try again
      }
    }
  }
}
