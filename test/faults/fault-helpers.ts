import { jetstreamManager, StoredMsg } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import type { LocalStack } from '@ares/local-stack';
import { Streams } from '@ares/contracts';
import { AresApiClient, ApiError, RunView } from '../../cli/api-client';

type RunEventView = Awaited<ReturnType<AresApiClient['getEvents']>>[number];

/** Helpers the fault suites share; the stack itself comes from test/e2e/e2e-stack.ts. */

/** A test's own admin connection to the stack's NATS that rides out the outages a fault test causes. */
export function adminConnection(stack: LocalStack): Promise<NatsConnection> {
  return connect({ ...stack.natsAdminOptions, maxReconnectAttempts: -1, reconnectTimeWait: 500 });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something defined; the timeout only bounds a hung test, it asserts nothing. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await sleep(everyMs);
  }
}

/** Every message of a stream, in order (direct reads by sequence; fine for the few hundred a test makes). */
export async function streamMessages(nc: NatsConnection, stream: string, subject?: string): Promise<StoredMsg[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream);
  const messages: StoredMsg[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const message = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (message && (!subject || message.subject === subject)) messages.push(message);
  }
  return messages;
}

export const deadLetters = (nc: NatsConnection) => streamMessages(nc, Streams.deadLetter);

/** StageCompleted / StageCheckpointed facts that must be unique in a run's history. */
export function stageCompletions(events: RunEventView[]): string[] {
  return events
    .filter((event) => event.type === 'StageCompleted')
    .map((event) => {
      const data = event.data as { stage: string; attempt?: number };
      return `${data.stage}#${data.attempt ?? 1}`;
    });
}

export function unitCheckpoints(events: RunEventView[], stage: string): { unit: string; instance?: string }[] {
  return events
    .filter((event) => event.type === 'StageCheckpointed')
    .map((event) => event.data as { stage: string; unit: string; instance?: string })
    .filter((data) => data.stage === stage);
}

/** Versions 1..n, no gap, no repeat. */
export const isContiguous = (events: RunEventView[]) => events.every((event, index) => event.version === index + 1);

/** Lines of a pino JSON log that carry `msg`. */
export function logLines(log: string, msg: string): Record<string, unknown>[] {
  return log
    .split('\n')
    .filter((line) => line.includes(`"msg":"${msg}"`))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * waitForRun that rides out an outage: while NATS (or a node of it) is down the API answers 5xx or not at all, which
 * is what it should do then; the run's outcome is what the fault tests assert.
 */
export async function waitThroughOutage(api: AresApiClient, runId: string, until: (run: RunView) => boolean, timeoutMs = 60_000): Promise<RunView> {
  return eventually(
    `run ${runId} in the expected state`,
    async () => {
      const run = await api.getRun(runId).catch((error: unknown) => {
        if (error instanceof ApiError && error.status < 500 && error.status !== 404) throw error;
        return undefined;
      });
      return run && until(run) ? run : undefined;
    },
    timeoutMs,
    200,
  );
}
