import { DiscardPolicy, JetStreamApiError, JetStreamManager, RetentionPolicy, StorageType, StreamConfig, StreamInfo } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

/** The JetStream stream that holds every history (one subject per event-store stream). */
export interface HistoryStreamOptions {
  streamName: string;
  subjectPrefix: string;
  duplicateWindowMs: number;
  /** 1 here; production should run R3 (and nats-server >= 2.12 with `sync_interval: always`). */
  replicas: number;
}

const STREAM_NAME_IN_USE = 10058;

/** The settings the event store relies on; everything else is left to the operator. */
export function historyStreamConfig(options: HistoryStreamOptions): Partial<StreamConfig> & { name: string } {
  return {
    name: options.streamName,
    subjects: [`${options.subjectPrefix}.*`],
    // History is kept forever: limits retention with no limits, never a work queue.
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    num_replicas: options.replicas,
    // Events are facts: nobody may delete or purge them, not even by accident.
    deny_delete: true,
    deny_purge: true,
    duplicate_window: nanos(options.duplicateWindowMs),
  };
}

/**
 * Creates the history stream, or brings an existing one in line with what the store needs.
 * Safe to call concurrently and repeatedly. Fails clearly when the existing stream differs in
 * something JetStream cannot change (retention, storage).
 */
export async function ensureHistoryStream(jsm: JetStreamManager, options: HistoryStreamOptions): Promise<StreamInfo> {
  const wanted = historyStreamConfig(options);
  const existing = await streamInfoOrNull(jsm, wanted.name);
  if (!existing) {
    try {
      return await jsm.streams.add(wanted);
    } catch (error) {
      // Lost a creation race (2.9 answers "name in use" or, mid-creation, "subjects overlap"): reconcile below.
      const lostRace = error instanceof JetStreamApiError && (error.code === STREAM_NAME_IN_USE || /overlap/i.test(error.message));
      if (!lostRace) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const info = existing ?? (await jsm.streams.info(wanted.name));
  return reconcile(jsm, info, wanted);
}

async function streamInfoOrNull(jsm: JetStreamManager, name: string): Promise<StreamInfo | null> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (error instanceof Error && error.name === 'StreamNotFoundError') return null;
    throw error;
  }
}

async function reconcile(jsm: JetStreamManager, info: StreamInfo, wanted: ReturnType<typeof historyStreamConfig>): Promise<StreamInfo> {
  const current = info.config;
  if (current.retention !== wanted.retention || current.storage !== wanted.storage) {
    throw new Error(
      `Stream "${current.name}" exists with retention=${current.retention} storage=${current.storage}; ` +
        `the event store needs retention=${wanted.retention} storage=${wanted.storage}, which JetStream cannot change in place`,
    );
  }
  const subjects = [...new Set([...(current.subjects ?? []), ...(wanted.subjects ?? [])])];
  const needsUpdate =
    subjects.length !== (current.subjects ?? []).length ||
    current.deny_delete !== true ||
    current.deny_purge !== true ||
    current.duplicate_window !== wanted.duplicate_window;
  if (!needsUpdate) return info;
  return jsm.streams.update(current.name, {
    ...current,
    subjects,
    deny_delete: true,
    deny_purge: true,
    duplicate_window: wanted.duplicate_window,
  });
}
