import { AckPolicy, ConsumerConfig, DeliverPolicy, ReplayPolicy } from '@nats-io/jetstream';

/**
 * How a durable consumer retries, and why it is built this way.
 *
 * Measured on nats-server 2.9.10 (checked in retry-policy.spec.ts; summarised in libs/messaging/README.md):
 *  - `ack_wait`: an unacknowledged delivery is redelivered ack_wait after it was sent, or after
 *    the last in-progress ack (`working()`), which restarts the clock.
 *  - consumer `backoff` [b0..bn] REPLACES ack_wait by b0 (consumer info reports ack_wait = b0);
 *    delivery k (1-based) is then redelivered b[min(k-1, n)] after it was sent. The server
 *    requires max_deliver > backoff.length ("max deliver is required to be > length of backoff values").
 *  - `nak()` redelivers at once, ignoring backoff. `nak(d)` redelivers after exactly d when no
 *    backoff is configured, but after d + b[k-1] - b0 when one is (the server back-dates the
 *    delivery by ack_wait and then applies the backoff deadline).
 *  - max_deliver counts every delivery including the first. When the last one is not acked the
 *    server stops, leaves the message in the stream (a work queue too) and publishes
 *    `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.<stream>.<consumer>`.
 *  - `term()` ends deliveries (and removes the message from a work-queue stream); `term(reason)`
 *    is only understood from 2.10.4 — 2.9 ignores `+TERM <reason>` and redelivers.
 *
 * So the server-side `backoff` would tie the in-progress cadence and crash detection to the
 * smallest backoff step and distort nak delays. Instead: ack_wait alone detects dead processes
 * (and `working()` every ack_wait/3 keeps long handlers alive), and a failed handler naks with
 * an explicit delay taken from `backoffMs`, which the server honours exactly.
 */
export interface RetryPolicy {
  ackWaitMs: number;
  maxDeliver: number;
  backoffMs: number[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { ackWaitMs: 30_000, maxDeliver: 5, backoffMs: [1000, 5000, 15000, 30000] };

/**
 * The retry policy of a stage service's durables (stage commands and units): ARES_ACK_WAIT_MS and ARES_MAX_DELIVER
 * over the defaults. The service host and the provisioning job both read it here, so the durable a job creates is
 * the one a self-provisioning replica would (else that replica would update it).
 */
export function stageRetryPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): RetryPolicy {
  return {
    ...DEFAULT_RETRY_POLICY,
    ackWaitMs: Number(env.ARES_ACK_WAIT_MS ?? DEFAULT_RETRY_POLICY.ackWaitMs),
    maxDeliver: Number(env.ARES_MAX_DELIVER ?? DEFAULT_RETRY_POLICY.maxDeliver),
  };
}

export function validateRetryPolicy(policy: RetryPolicy): void {
  if (!Number.isFinite(policy.ackWaitMs) || policy.ackWaitMs < 100) throw new Error(`ackWaitMs must be >= 100 (got ${policy.ackWaitMs})`);
  if (!Number.isInteger(policy.maxDeliver) || policy.maxDeliver < 1) throw new Error(`maxDeliver must be an integer >= 1 (got ${policy.maxDeliver})`);
  if (policy.backoffMs.some((ms) => !Number.isFinite(ms) || ms < 0))
    throw new Error(`backoffMs must hold non-negative numbers (got ${policy.backoffMs.join(', ')})`);
}

/** Delay before redelivering a message whose `deliveryCount`-th delivery failed; the last step repeats. */
export function retryDelayMs(policy: RetryPolicy, deliveryCount: number): number {
  if (policy.backoffMs.length === 0) return 0;
  return policy.backoffMs[Math.min(Math.max(deliveryCount, 1), policy.backoffMs.length) - 1];
}

/** Interval of in-progress acks: well inside ack_wait, so one lost ack does not cost the message. */
export function workingIntervalMs(policy: RetryPolicy): number {
  return Math.max(50, Math.floor(policy.ackWaitMs / 3));
}

/** The durable pull consumer config: explicit acks, ack_wait and max_deliver, no server-side backoff. */
export function durableConsumerConfig(durable: string, filterSubject: string, policy: RetryPolicy): Partial<ConsumerConfig> {
  return {
    durable_name: durable,
    filter_subject: filterSubject,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    replay_policy: ReplayPolicy.Instant,
    ack_wait: policy.ackWaitMs * 1_000_000,
    max_deliver: policy.maxDeliver,
  };
}
