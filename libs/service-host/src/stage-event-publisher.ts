import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { StageEventMessage, Subjects } from '@ares/contracts';

/** Publishes stage events to the saga's stream; the event id is the `Nats-Msg-Id`, so a re-sent event is dropped. */
export class StageEventPublisher {
  private readonly js: JetStreamClient;

  constructor(nc: NatsConnection) {
    this.js = jetstream(nc);
  }

  async publish(message: StageEventMessage): Promise<void> {
    await this.js.publish(Subjects.stageEvent(message.runId), JSON.stringify(message), { msgID: message.eventId });
  }
}
