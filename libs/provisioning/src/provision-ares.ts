import { jetstreamManager, type JetStreamManager, StorageType } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { Objm } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { JetStreamEventStore } from '@ares/event-store';
import type { Logger } from '@ares/logging';
import {
  addOrUpdateConsumer,
  createOrOpenRacing,
  durableConsumerConfig,
  provisionMessaging,
  validateRetryPolicy,
  type DurableConsumer,
} from '@ares/messaging';
import { durableConsumers, EXTRA_KV_BUCKETS, EXTRA_OBJECT_STORES, retryPolicyOf } from './provisioned-resources';

export interface ProvisionAresOptions {
  /** Replicas of every stream, bucket and object store (1 here; 3 on a production cluster). */
  replicas?: number;
  logger?: Logger;
  /** Where ARES_ACK_WAIT_MS / ARES_MAX_DELIVER are read, as the services read them (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** What provisionAres made sure of, for the job's log. */
export interface ProvisionReport {
  streams: string[];
  kvBuckets: string[];
  objectStores: string[];
  consumers: string[];
}

/**
 * Creates everything Ares uses on a NATS account — every stream, KV bucket, object store and durable consumer —
 * with the configuration the services themselves would create, so services can run with
 * `ARES_PROVISIONING=external` and NATS users that hold no create rights. Idempotent: run it at every deploy.
 */
export async function provisionAres(nc: NatsConnection, options: ProvisionAresOptions = {}): Promise<ProvisionReport> {
  const replicas = options.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`replicas must be an integer >= 1 (got ${replicas})`);
  const env = options.env ?? process.env;
  const { logger } = options;
  const jsm = await jetstreamManager(nc);

  // The messaging streams, ares-runs, ares-stage-cache and ares-artifacts; always created here, whatever the env says.
  await provisionMessaging(nc, { replicas, logger, mode: 'self' });
  // The history stream exactly as the event store makes it (its name, subjects and duplicate window), at `replicas`.
  await new JetStreamEventStore(nc, { replicas }).ensureStream();
  for (const { bucket, history } of EXTRA_KV_BUCKETS)
    await createOrOpenRacing(() => new Kvm(nc).create(bucket, { history, storage: StorageType.File, replicas }));
  for (const bucket of EXTRA_OBJECT_STORES) await createOrOpenRacing(() => new Objm(nc).create(bucket, { storage: StorageType.File, replicas }));
  const consumers = durableConsumers();
  for (const consumer of consumers) await ensureDurable(jsm, consumer, env);

  const streams = (await jsm.streams.names().next()).sort();
  const report: ProvisionReport = {
    streams: streams.filter((name) => !name.startsWith('KV_') && !name.startsWith('OBJ_')),
    kvBuckets: streams.filter((name) => name.startsWith('KV_')).map((name) => name.slice(3)),
    objectStores: streams.filter((name) => name.startsWith('OBJ_')).map((name) => name.slice(4)),
    consumers: consumers.map((c) => `${c.stream}/${c.durable}`),
  };
  logger?.info({ replicas, ...report }, 'Ares provisioned');
  return report;
}

/** The durable exactly as the service's worker would create it (add, or update an existing one to it). */
async function ensureDurable(jsm: JetStreamManager, consumer: DurableConsumer, env: NodeJS.ProcessEnv): Promise<void> {
  const policy = retryPolicyOf(consumer, env);
  validateRetryPolicy(policy);
  await addOrUpdateConsumer(jsm, consumer.stream, durableConsumerConfig(consumer.durable, consumer.filterSubject, policy));
}
