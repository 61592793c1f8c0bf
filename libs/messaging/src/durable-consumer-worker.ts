import {
  ConsumerConfig,
  ConsumerMessages,
  JetStreamApiCodes,
  JetStreamManager,
  jetstream,
  jetstreamManager,
  JsMsg,
  RetentionPolicy,
} from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@ares/logging';
import { deadLetter, DeadLetterTarget } from './dead-letter';
import { fromJsMsg, InboundMessage } from './inbound-message';
import { listenForMaxDeliveries } from './max-deliveries-advisory';
import { describeError, isPermanentFailure } from './permanent-message-error';
import { isApiError } from './provisioning';
import { isNotFound, NotProvisionedError, provisioningMode } from './provisioning-mode';
import { DEFAULT_RETRY_POLICY, durableConsumerConfig, retryDelayMs, RetryPolicy, validateRetryPolicy, workingIntervalMs } from './retry-policy';

export interface DurableWorkerOptions {
  nc: NatsConnection;
  stream: string;
  /** Shared by every replica of a service, so replicas split the work. */
  durable: string;
  filterSubject: string;
  ackWaitMs?: number;
  maxDeliver?: number;
  /** Delay before redelivery after the n-th failed delivery (n = 1..); the last step repeats. */
  backoffMs?: number[];
  /** Handlers running at once in this process. */
  concurrency?: number;
  logger: Logger;
  /** Resolve → ack. Throw PermanentMessageError / ContractViolationError → term + dead letter. Throw anything else → retry. */
  handler: (message: InboundMessage) => Promise<void>;
  /** Called after a message was copied to the dead-letter stream, with why. */
  onDeadLetter?: (message: InboundMessage, reason: string) => Promise<void>;
  /** How long stop() waits for in-flight handlers before abandoning them (unacked, so redelivered). Default: as long as it takes. */
  drainTimeoutMs?: number;
  /** Longest wait of one pull request when idle; stop() interrupts it. Default 10 s. */
  fetchExpiresMs?: number;
  /** Dead-letter messages whose last delivery was never answered (default true). */
  handleMaxDeliveriesAdvisory?: boolean;
  /** Told about redeliveries and dead letters (metrics). */
  observer?: ConsumerObserver;
}

/** Which durable consumer a hook is about. */
export interface ConsumerRef {
  stream: string;
  durable: string;
}

/** Optional hooks on a durable worker; called synchronously, what they throw is logged and ignored. */
export interface ConsumerObserver {
  /** A message arrived again (its delivery count is above 1). */
  redelivered?(consumer: ConsumerRef, message: InboundMessage): void;
  /**
   * A message was copied to the dead-letter stream, by this worker or by the max-deliveries advisory; told before
   * onDeadLetter, so (like it) at least once: again if dead-lettering is retried after a crash or a failed onDeadLetter.
   */
  deadLettered?(consumer: ConsumerRef, message: InboundMessage, reason: string): void;
}

export interface DurableWorker {
  /** Stops pulling, waits for in-flight handlers (see drainTimeoutMs), flushes acks. Idempotent. */
  stop(options?: { drainTimeoutMs?: number }): Promise<void>;
}

interface InFlight {
  seq: number;
  done: Promise<void>;
  abandon(): void;
}

/**
 * Runs `handler` for every message of a durable pull consumer, at most `concurrency` at a time.
 *
 * Messages are pulled with `fetch` sized to the free handler slots rather than with a buffered
 * `consume`: a buffered message's ack-wait clock runs while it waits, so behind a long stage it
 * would be redelivered (and eventually exhausted) without ever being handled here.
 */
export async function startDurableWorker(options: DurableWorkerOptions): Promise<DurableWorker> {
  const { nc, stream, durable, filterSubject, handler } = options;
  const policy: RetryPolicy = {
    ackWaitMs: options.ackWaitMs ?? DEFAULT_RETRY_POLICY.ackWaitMs,
    maxDeliver: options.maxDeliver ?? DEFAULT_RETRY_POLICY.maxDeliver,
    backoffMs: options.backoffMs ?? DEFAULT_RETRY_POLICY.backoffMs,
  };
  validateRetryPolicy(policy);
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be an integer >= 1 (got ${concurrency})`);
  const fetchExpiresMs = Math.max(1000, options.fetchExpiresMs ?? 10_000);
  const logger = options.logger.child({ stream, durable });

  const jsm = await jetstreamManager(nc);
  const streamInfo = await jsm.streams.info(stream);
  await ensureConsumer(jsm, stream, durableConsumerConfig(durable, filterSubject, policy));
  const consumer = await jetstream(nc).consumers.get(stream, durable);
  const ref: ConsumerRef = { stream, durable };
  const observe = (tell: (observer: ConsumerObserver) => void) => {
    if (!options.observer) return;
    try {
      tell(options.observer);
    } catch (error) {
      logger.warn({ err: error }, 'consumer observer failed');
    }
  };
  // Both dead-letter paths (this worker's and the advisory's) tell the observer.
  const onDeadLetter =
    options.observer || options.onDeadLetter
      ? async (message: InboundMessage, reason: string) => {
          observe((observer) => observer.deadLettered?.(ref, message, reason));
          await options.onDeadLetter?.(message, reason);
        }
      : undefined;
  const target: DeadLetterTarget = { js: jetstream(nc), source: ref, logger, onDeadLetter };
  const termWithReason = supportsTermReason(nc.info?.version);
  const advisory =
    options.handleMaxDeliveriesAdvisory === false
      ? undefined
      : listenForMaxDeliveries({
          nc,
          stream,
          durable,
          logger: options.logger,
          onDeadLetter,
          deleteFromSource: streamInfo.config.retention === RetentionPolicy.Workqueue,
        });

  const inFlight = new Map<number, InFlight>();
  let nextId = 0;
  let stopping = false;
  let currentFetch: ConsumerMessages | undefined;
  // The pull loop is the only waiter: a freed slot or stop() wakes it. (One resolver, not a race
  // against a long-lived "stopped" promise, which would keep a closure per wait until shutdown.)
  let wakeLoop: (() => void) | undefined;
  const wake = () => {
    const resolve = wakeLoop;
    wakeLoop = undefined;
    resolve?.();
  };
  const pause = (ms?: number) =>
    new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(wake, ms);
      wakeLoop = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function waitForSlot(): Promise<void> {
    while (!stopping && inFlight.size >= concurrency) await pause();
  }

  async function pullLoop(): Promise<void> {
    while (!stopping && !nc.isClosed()) {
      await waitForSlot();
      if (stopping) break;
      try {
        const batch = await consumer.fetch({ max_messages: concurrency - inFlight.size, expires: fetchExpiresMs });
        currentFetch = batch;
        if (stopping) batch.stop();
        for await (const msg of batch) {
          // Pulled while stopping: hand it straight back instead of letting its ack wait run out.
          if (stopping) msg.nak();
          else dispatch(msg);
        }
      } catch (error) {
        if (stopping || nc.isClosed()) break;
        logger.warn({ err: error }, 'pull failed; retrying in 1 s');
        // A deleted durable shows up on 2.9 only as missed heartbeats: check, and put it back.
        await restoreConsumerIfMissing();
        if (!stopping) await pause(1000);
      } finally {
        currentFetch = undefined;
      }
    }
  }

  async function restoreConsumerIfMissing(): Promise<void> {
    try {
      await jsm.consumers.info(stream, durable);
    } catch (error) {
      if (!isApiError(error, JetStreamApiCodes.ConsumerNotFound)) return;
      if (provisioningMode() === 'external') {
        logger.error('durable consumer is gone; run the provisioning job (npm run provision) to recreate it');
        return;
      }
      logger.warn('durable consumer is gone; recreating it');
      await ensureConsumer(jsm, stream, durableConsumerConfig(durable, filterSubject, policy)).catch((e) =>
        logger.error({ err: e }, 'could not recreate the durable'),
      );
    }
  }

  function dispatch(msg: JsMsg): void {
    const id = nextId++;
    const message = fromJsMsg(msg);
    if (message.deliveryCount > 1) observe((observer) => observer.redelivered?.(ref, message));
    let abandoned = false;
    // In-progress acks restart the ack-wait clock, so a long stage is not redelivered under us.
    const keepAlive = setInterval(() => {
      try {
        msg.working();
      } catch {
        // Connection closed under us: nothing left to keep alive; JetStream redelivers after ack wait.
      }
    }, workingIntervalMs(policy));
    const entry: InFlight = {
      seq: msg.seq,
      done: Promise.resolve(),
      abandon: () => {
        abandoned = true;
        clearInterval(keepAlive);
        inFlight.delete(id);
      },
    };
    inFlight.set(id, entry);
    entry.done = (async () => {
      try {
        await handler(message);
        if (!abandoned) await acknowledge(msg);
      } catch (error) {
        if (!abandoned) await fail(msg, message, error);
      }
    })()
      .catch((error) => logger.error({ err: error, streamSequence: msg.seq }, 'message settlement failed'))
      .finally(() => {
        clearInterval(keepAlive);
        inFlight.delete(id);
        wake();
      });
  }

  async function acknowledge(msg: JsMsg): Promise<void> {
    try {
      // Confirmed ack: once stop() returns, the server knows what was done.
      await msg.ackAck({ timeout: 5000 });
    } catch (error) {
      logger.warn({ err: error, streamSequence: msg.seq }, 'ack not confirmed; the message may be redelivered');
    }
  }

  async function fail(msg: JsMsg, message: InboundMessage, error: unknown): Promise<void> {
    const reason = describeError(error);
    const fields = { subject: message.subject, streamSequence: message.streamSequence, deliveryCount: message.deliveryCount, reason };
    if (isPermanentFailure(error)) {
      logger.warn(fields, 'message rejected permanently; terminating it');
      return deadLetterThenTerm(msg, message, `rejected: ${reason}`);
    }
    if (message.deliveryCount >= policy.maxDeliver) {
      return deadLetterThenTerm(msg, message, `exhausted ${message.deliveryCount} deliveries: ${reason}`);
    }
    const delay = retryDelayMs(policy, message.deliveryCount);
    logger.warn({ ...fields, err: error, retryInMs: delay }, 'handler failed; message will be redelivered');
    msg.nak(delay);
  }

  async function deadLetterThenTerm(msg: JsMsg, message: InboundMessage, reason: string): Promise<void> {
    try {
      await deadLetter(target, message, reason);
    } catch (error) {
      // Leave it unacknowledged: redelivery (or the max-deliveries advisory) retries the dead-lettering.
      logger.error({ err: error, streamSequence: message.streamSequence, reason }, 'could not dead-letter; leaving the message for redelivery');
      return;
    }
    if (termWithReason) msg.term(reason.slice(0, 500));
    else msg.term();
  }

  async function drain(timeoutMs: number | undefined): Promise<void> {
    const running = [...inFlight.values()];
    if (running.length === 0) return;
    const all = Promise.all(running.map((entry) => entry.done));
    if (timeoutMs === undefined || !Number.isFinite(timeoutMs)) return void (await all);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      all.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (!timedOut) return;
    const abandoned = [...inFlight.values()];
    for (const entry of abandoned) entry.abandon();
    logger.warn(
      { streamSequences: abandoned.map((e) => e.seq) },
      'stop: abandoned unfinished handlers; JetStream redelivers their messages after ack wait',
    );
  }

  const loop = pullLoop().catch((error) => logger.error({ err: error }, 'pull loop crashed'));
  logger.info({ filterSubject, concurrency, ...policy }, 'durable worker started');

  let stopping$: Promise<void> | undefined;
  return {
    stop(stopOptions = {}) {
      stopping$ ??= (async () => {
        stopping = true;
        wake();
        currentFetch?.stop();
        await loop;
        await drain(stopOptions.drainTimeoutMs ?? options.drainTimeoutMs);
        await advisory?.stop();
        if (!nc.isClosed()) await nc.flush().catch(() => undefined);
        logger.info('durable worker stopped');
      })();
      return stopping$;
    },
  };
}

/**
 * Creates the durable, or updates it to this config. `add` with an existing name updates on
 * 2.9 (and is accepted unchanged when identical), so replicas starting together agree.
 */
async function ensureConsumer(jsm: JetStreamManager, stream: string, config: Partial<ConsumerConfig>): Promise<void> {
  // Provisioned by an admin: this service may only look it up (its NATS user cannot create consumers).
  if (provisioningMode() === 'external') {
    await jsm.consumers.info(stream, config.durable_name!).catch((error: unknown) => {
      throw isNotFound(error) ? new NotProvisionedError('consumer', `${stream}/${config.durable_name}`, error) : error;
    });
    return;
  }
  await addOrUpdateConsumer(jsm, stream, config);
}

/**
 * Creates the durable, or updates an existing one to `config` (what a provisioning job does as admin, and a
 * self-provisioning service at start). On failure of both, the add's error is the one reported.
 */
export async function addOrUpdateConsumer(jsm: JetStreamManager, stream: string, config: Partial<ConsumerConfig>): Promise<void> {
  try {
    await jsm.consumers.add(stream, config);
  } catch (error) {
    const { durable_name: name, ...update } = config;
    await jsm.consumers.update(stream, name!, update).catch(() => Promise.reject(error));
  }
}

/** `+TERM <reason>` is understood from nats-server 2.10.4; older servers treat it as no ack at all. */
export function supportsTermReason(version: string | undefined): boolean {
  const [major = 0, minor = 0, patch = 0] = (version ?? '').split(/[.-]/).map((part) => Number.parseInt(part, 10) || 0);
  return major > 2 || (major === 2 && (minor > 10 || (minor === 10 && patch >= 4)));
}
