import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Streams, Subjects } from '@ares/contracts';
import { LocalStack } from '@ares/local-stack';
import { DeadLetterHeaders, durableConsumers } from '@ares/messaging';
import { AresApiClient } from '../../cli/api-client';
import { startE2eStack } from '../e2e/e2e-stack';
import { adminConnection, deadLetters, eventually, logLines, sleep, streamMessages } from './fault-helpers';

/**
 * Poison messages with real processes: a StartRun that is not JSON, one whose spec is invalid, and stage commands that
 * are not commands. Each must be dead-lettered with its reason and settled on its first delivery — a nak loop would
 * show as redeliveries on the consumer, a second delivery count, or the handler seeing it again.
 */
describe('poison messages are dead-lettered once, never redelivered', () => {
  let stack: LocalStack;
  let api: AresApiClient;
  let nc: NatsConnection;

  beforeAll(async () => {
    // A short ack wait: a message left unsettled would be redelivered within the test.
    ({ stack, api } = await startE2eStack({ env: { ARES_ACK_WAIT_MS: '1000' } }));
    nc = await adminConnection(stack);
  }, 90_000);

  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
  });

  const consumerOf = (service: string, stream: string) => {
    const found = durableConsumers().find((consumer) => consumer.service === service && consumer.stream === stream);
    if (!found) throw new Error(`no durable of ${service} on ${stream}`);
    return found;
  };

  /** Publishes `body` on `subject` and returns its dead-lettered copy once it is there. */
  async function poison(subject: string, body: string, msgID: string) {
    const ack = await jetstream(nc).publish(subject, body, { msgID });
    const copy = await eventually(`dead letter of ${subject} #${ack.seq}`, async () =>
      (await deadLetters(nc)).find(
        (message) =>
          message.header.get(DeadLetterHeaders.originalSubject) === subject &&
          message.header.get(DeadLetterHeaders.originalSequence) === String(ack.seq),
      ),
    );
    return { seq: ack.seq, copy };
  }

  /** The consumer settled everything it was handed on the first delivery, and holds nothing. */
  async function expectSettledOnce(service: string, stream: string) {
    const { durable } = consumerOf(service, stream);
    // Longer than several ack waits: a message that was neither acked nor terminated would have come back by now.
    await sleep(3500);
    const info = await (await jetstreamManager(nc)).consumers.info(stream, durable);
    expect({ durable, redelivered: info.num_redelivered, ackPending: info.num_ack_pending, pending: info.num_pending }).toEqual({
      durable,
      redelivered: 0,
      ackPending: 0,
      pending: 0,
    });
    return info;
  }

  it('a StartRun that is not JSON, and one with an invalid spec: dead-lettered with the reason, delivered once, no run recorded', async () => {
    const before = await api.listRuns();
    const garbage = await poison(Subjects.startRun, '{"schemaVersion": 1, "spec": {', 'poison-json');
    const invalid = await poison(
      Subjects.startRun,
      JSON.stringify({ schemaVersion: 1, runId: 'poison-spec', spec: { symbol: 'BTC/USDT' } }),
      'poison-spec',
    );

    for (const { copy } of [garbage, invalid]) {
      expect(copy.subject).toBe(Subjects.deadLetter(Subjects.startRun));
      expect(copy.header.get(DeadLetterHeaders.deliveries)).toBe('1');
    }
    expect(garbage.copy.header.get(DeadLetterHeaders.reason)).toMatch(/JSON/i);
    // The reason names the offending fields of the spec.
    expect(invalid.copy.header.get(DeadLetterHeaders.reason)).toMatch(/timeframe/);
    // The body travels unchanged, so the sender can see what was refused.
    expect(new TextDecoder().decode(garbage.copy.data)).toBe('{"schemaVersion": 1, "spec": {');

    const info = await expectSettledOnce('orchestrator', Streams.runCommands);
    expect(info.delivered.stream_seq).toBeGreaterThanOrEqual(invalid.seq);
    expect(await api.listRuns()).toEqual(before);
    await expect(api.getRun('poison-spec')).rejects.toMatchObject({ status: 404 });
    // The handler saw each once: one dead-letter log line per message.
    const lines = logLines(stack.logTail('orchestrator', 100_000), 'message dead-lettered').filter(
      (line) => line.subject === Subjects.startRun && [garbage.seq, invalid.seq].includes(line.streamSequence as number),
    );
    expect(lines.map((line) => [line.streamSequence, line.deliveries])).toEqual([
      [garbage.seq, 1],
      [invalid.seq, 1],
    ]);
  }, 60_000);

  it('a stage command that is not JSON, and one that is not an ExecuteStageCommand: dead-lettered once, nothing runs', async () => {
    const subject = Subjects.stageCommand('data-service', 'collect');
    const garbage = await poison(subject, 'not json at all', 'poison-stage-json');
    const invalid = await poison(subject, JSON.stringify({ schemaVersion: 1, runId: 'no-such-run', stage: 'collect' }), 'poison-stage-spec');

    for (const { copy } of [garbage, invalid]) {
      expect(copy.header.get(DeadLetterHeaders.deliveries)).toBe('1');
      expect(copy.header.get(DeadLetterHeaders.consumer)).toBe(consumerOf('data-service', Streams.stageCommands).durable);
    }
    expect(garbage.copy.header.get(DeadLetterHeaders.reason)).toMatch(/JSON/i);
    expect(invalid.copy.header.get(DeadLetterHeaders.reason)).toMatch(/rejected: .+/);

    await expectSettledOnce('data-service', Streams.stageCommands);
    // The work queue holds neither any more: terminated, not left for another replica.
    const stream = await (await jetstreamManager(nc)).streams.info(Streams.stageCommands);
    expect(stream.state.messages).toBe(0);
    const log = stack.logTail('data-service', 100_000);
    const lines = logLines(log, 'message dead-lettered').filter((line) => line.subject === subject);
    expect(lines.map((line) => [line.streamSequence, line.deliveries])).toEqual([
      [garbage.seq, 1],
      [invalid.seq, 1],
    ]);
    // Neither reached a stage: no stage event was ever published for that run.
    expect(await streamMessages(nc, Streams.stageEvents, Subjects.stageEvent('no-such-run'))).toEqual([]);
  }, 60_000);
});
