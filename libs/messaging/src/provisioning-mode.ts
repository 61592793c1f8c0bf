import { JetStreamApiCodes, JetStreamApiError, type JetStreamClient, jetstreamManager } from '@nats-io/jetstream';
import { type KV, Kvm, type KvOptions } from '@nats-io/kv';
import { type ObjectStore, Objm, type ObjectStoreOptions } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';
import { createOrOpenRacing } from './create-race';

/**
 * Who creates streams, buckets, object stores and durable consumers: each service at start (`self`, the default),
 * or a provisioning job run as an admin (`external`: `ARES_PROVISIONING=external`), when services only open them and
 * their NATS users hold no create rights.
 */
export type ProvisioningMode = 'self' | 'external';

export function provisioningMode(env: NodeJS.ProcessEnv = process.env): ProvisioningMode {
  const value = env.ARES_PROVISIONING?.trim();
  if (!value || value === 'self') return 'self';
  if (value === 'external') return 'external';
  throw new Error(`ARES_PROVISIONING must be "self" or "external" (got "${value}")`);
}

export type ProvisionedKind = 'stream' | 'KV bucket' | 'object store' | 'consumer';

/** Raised at start under external provisioning when something a service needs was never provisioned. */
export class NotProvisionedError extends Error {
  constructor(kind: ProvisionedKind, name: string, cause?: unknown) {
    super(`${kind} ${name} does not exist: run the provisioning job (npm run provision)`, { cause });
    this.name = 'NotProvisionedError';
  }
}

/** True when a JetStream API call failed because the stream or consumer is not there. */
export function isNotFound(error: unknown): boolean {
  if (error instanceof JetStreamApiError)
    return error.code === JetStreamApiCodes.StreamNotFound || error.code === JetStreamApiCodes.ConsumerNotFound || /not found/i.test(error.message);
  return /not found/i.test((error as Error)?.message ?? '');
}

/**
 * Opens what a service uses: created on the spot (losing a create race to another replica is fine) when the service
 * provisions itself, only opened under external provisioning, with a message naming what is missing.
 */
export async function openOrCreate<T>(kind: ProvisionedKind, name: string, create: () => Promise<T>, open: () => Promise<T>): Promise<T> {
  if (provisioningMode() === 'self') return createOrOpenRacing(create);
  try {
    return await open();
  } catch (error) {
    if (isNotFound(error)) throw new NotProvisionedError(kind, name, error);
    throw error;
  }
}

/** Fails with NotProvisionedError unless the stream exists (the JetStream stream behind a bucket too). */
export async function assertStreamExists(nc: NatsConnection, stream: string, kind: ProvisionedKind = 'stream', name = stream) {
  const jsm = await jetstreamManager(nc);
  try {
    return await jsm.streams.info(stream);
  } catch (error) {
    if (isNotFound(error)) throw new NotProvisionedError(kind, name, error);
    throw error;
  }
}

/** A KV bucket: created with `options` (or opened when it exists) by a self-provisioning service, else opened. */
export function openOrCreateKv(nc: NatsConnection, bucket: string, options: Partial<KvOptions>): Promise<KV> {
  return openOrCreate(
    'KV bucket',
    bucket,
    () => new Kvm(nc).create(bucket, options),
    async () => {
      // Bound the way create() binds an existing bucket: direct gets when the bucket allows them.
      const info = await assertStreamExists(nc, `KV_${bucket}`, 'KV bucket', bucket);
      return new Kvm(nc).open(bucket, { allow_direct: info.config.allow_direct });
    },
  );
}

/** An object store: created (or opened) by a self-provisioning service, else opened (which checks it exists). */
export function openOrCreateObjectStore(
  js: JetStreamClient | NatsConnection,
  bucket: string,
  options: Partial<ObjectStoreOptions>,
): Promise<ObjectStore> {
  return openOrCreate(
    'object store',
    bucket,
    () => new Objm(js).create(bucket, options),
    () => new Objm(js).open(bucket),
  );
}
