import 'reflect-metadata';
import { jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, Payload } from '@nestjs/microservices';
import { Observable, tap, timer } from 'rxjs';
import { parseContract, StageEventMessage, Streams } from '@ares/contracts';
import { NatsServerProcess, startNatsServer } from '@ares/nats-server';
import { DeadLetterHeaders } from './dead-letter';
import type { InboundMessage } from './inbound-message';
import { JetStreamContext } from './jetstream.context';
import { JetStreamEventPattern } from './jetstream-event-pattern.decorator';
import { JetStreamExceptionFilter } from './jetstream-exception.filter';
import { JetStreamServer } from './jetstream.server';
import { PermanentMessageError } from './permanent-message-error';
import { connectNats } from './nats-connection';
import { capturingLogger } from './testing/capturing-logger';
import { publishJson } from './testing/publish-json';
import { sleep, waitFor } from './testing/wait-for';

interface Seen {
  payload: { eventId: string; mode?: string };
  subject: string;
  deliveryCount: number;
  headers: Record<string, string>;
}

const seen: Seen[] = [];

@Controller()
class StageEventsController {
  @JetStreamEventPattern('ares.evt.stage.>')
  async onStageEvent(@Payload() payload: Seen['payload'], @Ctx() context: JetStreamContext): Promise<void> {
    seen.push({ payload, subject: context.getSubject(), deliveryCount: context.getDeliveryCount(), headers: context.getHeaders() });
    if (payload.mode === 'invalid') parseContract(StageEventMessage, payload);
    if (payload.mode === 'flaky' && context.getDeliveryCount() === 1) throw new Error('not yet');
    await sleep(5);
  }
}

let observableCompleted = false;

@Controller()
class RunCommandsObservableController {
  @JetStreamEventPattern('ares.cmd.run.>')
  onRunCommand(): Observable<number> {
    return timer(400).pipe(
      tap(() => {
        observableCompleted = true;
      }),
    );
  }
}

@Module({ controllers: [StageEventsController, RunCommandsObservableController] })
class AppModule {}

let rejected = 0;

@Controller()
class RunCommandsController {
  @JetStreamEventPattern('ares.cmd.run.>')
  async onRunCommand(): Promise<void> {
    rejected++;
    throw new PermanentMessageError('never valid');
  }
}

@Module({ controllers: [RunCommandsController] })
class UnfilteredModule {}

@Controller()
class NowhereController {
  @JetStreamEventPattern('nowhere.>')
  async onNothing(): Promise<void> {}
}

@Module({ controllers: [NowhereController] })
class NowhereModule {}

describe('JetStreamServer (Nest)', () => {
  let server: NatsServerProcess;
  let app: INestMicroservice;
  let nc: NatsConnection;
  const deadLettered: { message: InboundMessage; reason: string; pattern: string }[] = [];

  beforeAll(async () => {
    server = await startNatsServer();
    const strategy = new JetStreamServer({
      servers: server.url,
      serviceName: 'spec-service',
      defaults: { ackWaitMs: 1000, maxDeliver: 3, backoffMs: [100] },
      consumers: { 'ares.evt.stage.>': { concurrency: 2 } },
      onDeadLetter: async (message, reason, pattern) => void deadLettered.push({ message, reason, pattern }),
      logger: capturingLogger().logger,
    });
    app = await NestFactory.createMicroservice(AppModule, { strategy, logger: false });
    app.useGlobalFilters(new JetStreamExceptionFilter());
    await app.listen();
    nc = await connectNats(server.url, 'spec-observer');
  });

  afterAll(async () => {
    await app?.close();
    await nc?.close();
    await server?.stop();
  });

  it('creates a durable named after the service and the pattern', async () => {
    const info = await (await jetstreamManager(nc)).consumers.info(Streams.stageEvents, 'spec-service-ares_evt_stage_all');
    expect(info.config).toMatchObject({ filter_subject: 'ares.evt.stage.>', max_deliver: 3, ack_wait: 1_000_000_000 });
  });

  it('delivers a published event to the @EventPattern handler with its context, once per Nats-Msg-Id', async () => {
    const first = await publishJson(nc, 'ares.evt.stage.run-1', { eventId: 'evt-1' }, { msgId: 'evt-1' });
    const again = await publishJson(nc, 'ares.evt.stage.run-1', { eventId: 'evt-1' }, { msgId: 'evt-1' });
    expect(first).toMatchObject({ stream: Streams.stageEvents, duplicate: false });
    expect(again).toMatchObject({ seq: first.seq, duplicate: true });

    await waitFor(() => seen.some((s) => s.payload.eventId === 'evt-1'));
    await sleep(300);
    const handled = seen.filter((s) => s.payload.eventId === 'evt-1');
    expect(handled).toHaveLength(1);
    expect(handled[0]).toMatchObject({ subject: 'ares.evt.stage.run-1', deliveryCount: 1 });
    expect(handled[0].headers['Nats-Msg-Id']).toBe('evt-1');
  });

  it('retries a handler that throws, and terminates an invalid payload without retrying', async () => {
    await publishJson(nc, 'ares.evt.stage.run-2', { eventId: 'evt-flaky', mode: 'flaky' });
    await publishJson(nc, 'ares.evt.stage.run-3', { eventId: 'evt-invalid', mode: 'invalid' });

    await waitFor(() => seen.filter((s) => s.payload.eventId === 'evt-flaky').length === 2);
    await waitFor(() => deadLettered.length === 1);
    await sleep(1200);
    expect(seen.filter((s) => s.payload.eventId === 'evt-flaky').map((s) => s.deliveryCount)).toEqual([1, 2]);
    expect(seen.filter((s) => s.payload.eventId === 'evt-invalid')).toHaveLength(1);
    expect(deadLettered).toHaveLength(1);
    expect(deadLettered[0].pattern).toBe('ares.evt.stage.>');
    expect(deadLettered[0].reason).toMatch(/^rejected: invalid StageEventMessage: /);
    const copy = await (await jetstreamManager(nc)).streams.getMessage(Streams.deadLetter, { last_by_subj: 'ares.dlq.ares.evt.stage.run-3' });
    expect(copy?.header.get(DeadLetterHeaders.reason)).toMatch(/^rejected: invalid StageEventMessage/);
  });

  it('acks only once a returned Observable completes', async () => {
    const jsm = await jetstreamManager(nc);
    const durable = 'spec-service-ares_cmd_run_all';
    await publishJson(nc, 'ares.cmd.run.start', { commandId: 'cmd-obs' });
    await waitFor(async () => (await jsm.consumers.info(Streams.runCommands, durable)).num_ack_pending === 1);
    expect(observableCompleted).toBe(false);
    await waitFor(async () => (await jsm.consumers.info(Streams.runCommands, durable)).num_ack_pending === 0);
    expect(observableCompleted).toBe(true);
  });
});

describe('JetStreamServer start-up', () => {
  it('fails listen() clearly when a pattern lies in no stream, and leaves nothing running', async () => {
    const server = await startNatsServer();
    const strategy = new JetStreamServer({ servers: server.url, serviceName: 'nowhere', logger: capturingLogger().logger });
    const app = await NestFactory.createMicroservice(NowhereModule, { strategy, logger: false });
    try {
      await expect(app.listen()).rejects.toThrow('no messaging stream holds subject pattern "nowhere.>"');
      expect(() => strategy.unwrap()).toThrow(/not connected/);
    } finally {
      await app.close();
      await server.stop();
    }
  });
});

describe('JetStreamServer without JetStreamExceptionFilter', () => {
  it('cannot tell permanent errors apart (Nest sanitises them), retries, and says how to fix it', async () => {
    const server = await startNatsServer();
    const { logger, lines } = capturingLogger();
    const strategy = new JetStreamServer({
      servers: server.url,
      serviceName: 'unfiltered',
      logger,
      defaults: { ackWaitMs: 1000, maxDeliver: 2, backoffMs: [50] },
    });
    const app = await NestFactory.createMicroservice(UnfilteredModule, { strategy, logger: false });
    const nc = await connectNats(server.url, 'unfiltered-spec');
    try {
      await app.listen();
      await publishJson(nc, 'ares.cmd.run.start', { commandId: 'c-1' });
      await waitFor(() => lines.some((l) => l.msg === 'message dead-lettered'));
      expect(rejected).toBe(2);
      expect(lines.some((l) => String(l.msg).includes('register JetStreamExceptionFilter'))).toBe(true);
    } finally {
      await nc.close();
      await app.close();
      await server.stop();
    }
  });
});
