import { Buckets, ServiceNames } from '@ares/contracts';
import { DEFAULT_RETRY_POLICY, durableConsumers, RetryPolicy, stageRetryPolicyFromEnv, type DurableConsumer } from '@ares/messaging';
import { MARKET_DATA_BUCKET, MARKET_MANIFEST_BUCKET } from '@ares/market-store';

/** A KV bucket and the history its owner creates it with (the same options as the lib that opens it). */
export interface KvBucketSpec {
  bucket: string;
  history: number;
}

/**
 * The KV buckets beyond the messaging ones (ares-runs, ares-stage-cache: provisionMessaging), with the options of the
 * code that opens them: KvModelIndexStore (history 16), ManifestBucket.
 */
export const EXTRA_KV_BUCKETS: readonly KvBucketSpec[] = [
  { bucket: Buckets.models, history: 16 },
  { bucket: MARKET_MANIFEST_BUCKET, history: 1 },
];

/** Object stores beyond ares-artifacts (provisionMessaging): the registry's bytes and the market-data partitions. */
export const EXTRA_OBJECT_STORES: readonly string[] = [Buckets.modelBytes, MARKET_DATA_BUCKET];

/**
 * The retry policy a service's durables are created with by the service itself: the orchestrator's transport uses
 * the defaults, stage services (stage commands and units) read ARES_ACK_WAIT_MS and ARES_MAX_DELIVER
 * (libs/service-host). A provisioning job must create exactly that, or a self-provisioning replica would update it.
 */
export function retryPolicyOf(consumer: DurableConsumer, env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  return consumer.service === ServiceNames.orchestrator ? DEFAULT_RETRY_POLICY : stageRetryPolicyFromEnv(env);
}

export { durableConsumers };
