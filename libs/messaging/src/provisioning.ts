import {
  JetStreamApiCodes,
  JetStreamApiError,
  JetStreamManager,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  StreamConfig,
  StreamInfo,
} from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { Buckets, Streams, Subjects } from '@ares/contracts';
import type { Logger } from '@ares/logging';
import { isSubjectSubsetOf } from './subject-pattern';
import { createOrOpenRacing } from './create-race';
import { assertStreamExists, ProvisioningMode, provisioningMode } from './provisioning-mode';

/** `stream name already in use with a different configuration` (not in the client's code table). */
const STREAM_NAME_IN_USE = 10058;
const SECOND_NS = 1_000_000_000;
const MINUTE_NS = 60 * SECOND_NS;
const DAY_NS = 24 * 60 * MINUTE_NS;

/** The part of a stream's configuration this module owns; anything else on the server is left as is. */
export type MessagingStreamConfig = Pick<StreamConfig, 'name' | 'subjects' | 'retention' | 'storage'> &
  Partial<Pick<StreamConfig, 'max_age' | 'duplicate_window' | 'num_replicas'>>;

/** The messaging streams. The run-history stream belongs to the event store and is not here. */
export const MESSAGING_STREAMS: readonly MessagingStreamConfig[] = [
  {
    name: Streams.runCommands,
    subjects: [Subjects.runCommandsAll],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: 7 * DAY_NS,
    duplicate_window: 2 * MINUTE_NS,
  },
  {
    // Work queue: a command is gone once acked (or terminated), so the stream holds only open work.
    name: Streams.stageCommands,
    subjects: [Subjects.stageCommandsAll],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    duplicate_window: 10 * MINUTE_NS,
  },
  {
    // Work queue too; a long duplicate window, so a unit handed out again by a redelivered coordinator is dropped.
    name: Streams.units,
    subjects: [Subjects.unitsAll],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    duplicate_window: 60 * MINUTE_NS,
  },
  {
    name: Streams.stageEvents,
    subjects: [Subjects.stageEventsAll],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    max_age: 7 * DAY_NS,
    duplicate_window: 10 * MINUTE_NS,
  },
  {
    name: Streams.deadLetter,
    subjects: [Subjects.deadLetterAll],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
  },
];

/** The provisioned stream whose subjects contain `pattern`, or an error that lists what exists. */
export function messagingStreamFor(pattern: string): MessagingStreamConfig {
  const matches = MESSAGING_STREAMS.filter((s) => s.subjects.some((subject) => isSubjectSubsetOf(pattern, subject)));
  if (matches.length !== 1) {
    const known = MESSAGING_STREAMS.map((s) => `${s.name} (${s.subjects.join(', ')})`).join('; ');
    throw new Error(`no messaging stream holds subject pattern "${pattern}"; streams: ${known}`);
  }
  return matches[0];
}

export interface ProvisionOptions {
  logger?: Logger;
  /** Stream replicas (R1 here; production clusters use 3). */
  replicas?: number;
  /** Default: from ARES_PROVISIONING. `external`: only check that everything exists (a provisioning job made it). */
  mode?: ProvisioningMode;
}

/**
 * Creates or updates every stream, KV bucket and object store the services share.
 * Idempotent and safe to run from many replicas at once: an identical `add` is accepted by the
 * server, and a lost create race or an outdated config ends in an `update` to the same config.
 */
export async function provisionMessaging(nc: NatsConnection, options: ProvisionOptions = {}): Promise<void> {
  if ((options.mode ?? provisioningMode()) === 'external') return assertMessagingProvisioned(nc);
  const jsm = await jetstreamManager(nc);
  const replicas = options.replicas ?? 1;
  for (const config of MESSAGING_STREAMS) await createOrOpenRacing(() => ensureStream(jsm, { ...config, num_replicas: replicas }, options.logger));
  await ensureKvBucket(nc, jsm, Buckets.runs, replicas, options.logger);
  await ensureKvBucket(nc, jsm, Buckets.stageCache, replicas, options.logger);
  await createOrOpenRacing(() => new Objm(nc).create(Buckets.artifacts, { storage: StorageType.File, replicas }));
}

/** Under external provisioning: fails at start, naming the first stream or bucket that is missing. */
async function assertMessagingProvisioned(nc: NatsConnection): Promise<void> {
  for (const config of MESSAGING_STREAMS) await assertStreamExists(nc, config.name);
  for (const bucket of [Buckets.runs, Buckets.stageCache]) await assertStreamExists(nc, `KV_${bucket}`, 'KV bucket', bucket);
  await assertStreamExists(nc, `OBJ_${Buckets.artifacts}`, 'object store', Buckets.artifacts);
}

export async function ensureStream(jsm: JetStreamManager, wanted: MessagingStreamConfig, logger?: Logger): Promise<StreamInfo> {
  const existing = await streamInfo(jsm, wanted.name);
  if (!existing) {
    try {
      const created = await jsm.streams.add(wanted);
      logger?.info({ stream: wanted.name }, 'stream created');
      return created;
    } catch (error) {
      // Another replica created it first with a different (older or newer) config: converge on ours.
      if (!isApiError(error, STREAM_NAME_IN_USE)) throw error;
      return updateStream(jsm, (await streamInfo(jsm, wanted.name))!, wanted, logger);
    }
  }
  return differs(existing, wanted) ? updateStream(jsm, existing, wanted, logger) : existing;
}

async function updateStream(jsm: JetStreamManager, existing: StreamInfo, wanted: MessagingStreamConfig, logger?: Logger) {
  if (existing.config.retention !== wanted.retention || existing.config.storage !== wanted.storage) {
    // The server refuses to change retention or storage in place; say so instead of a bare API error.
    throw new Error(
      `stream ${wanted.name} exists with retention=${existing.config.retention} storage=${existing.config.storage}, ` +
        `wanted retention=${wanted.retention} storage=${wanted.storage}: migrate or delete it by hand`,
    );
  }
  const { name: _name, ...update } = { ...existing.config, ...wanted };
  const updated = await jsm.streams.update(wanted.name, update);
  logger?.info({ stream: wanted.name }, 'stream updated');
  return updated;
}

function differs(existing: StreamInfo, wanted: MessagingStreamConfig): boolean {
  const c = existing.config;
  return (
    c.retention !== wanted.retention ||
    c.storage !== wanted.storage ||
    [...c.subjects].sort().join(',') !== [...wanted.subjects].sort().join(',') ||
    (wanted.max_age !== undefined && c.max_age !== wanted.max_age) ||
    (wanted.duplicate_window !== undefined && c.duplicate_window !== wanted.duplicate_window) ||
    (wanted.num_replicas !== undefined && c.num_replicas !== wanted.num_replicas)
  );
}

async function ensureKvBucket(nc: NatsConnection, jsm: JetStreamManager, bucket: string, replicas: number, logger?: Logger): Promise<void> {
  // Kvm.create opens an existing bucket without touching its config, so converge `history` ourselves.
  await createOrOpenRacing(() => new Kvm(nc).create(bucket, { history: 1, storage: StorageType.File, replicas }));
  const info = await jsm.streams.info(`KV_${bucket}`);
  if (info.config.max_msgs_per_subject !== 1) {
    const { name: _name, ...update } = { ...info.config, max_msgs_per_subject: 1 };
    await jsm.streams.update(info.config.name, update);
    logger?.info({ bucket }, 'KV bucket history set to 1');
  }
}

async function streamInfo(jsm: JetStreamManager, name: string): Promise<StreamInfo | null> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if (isApiError(error, JetStreamApiCodes.StreamNotFound)) return null;
    throw error;
  }
}

export function isApiError(error: unknown, code: number): boolean {
  return error instanceof JetStreamApiError && error.code === code;
}
