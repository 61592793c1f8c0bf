import { BaseRpcContext } from '@nestjs/microservices';
import type { InboundMessage } from './inbound-message';

type JetStreamContextArgs = [subject: string, message: InboundMessage, pattern: string];

/** What an `@EventPattern` handler can learn about the JetStream message it is handling (`@Ctx()`). */
export class JetStreamContext extends BaseRpcContext<JetStreamContextArgs> {
  constructor(args: JetStreamContextArgs) {
    super(args);
  }

  /** The concrete subject the message was published on. */
  getSubject(): string {
    return this.args[0];
  }

  /** The pattern the handler was registered with (the consumer's filter subject). */
  getPattern(): string {
    return this.args[2];
  }

  getMessage(): InboundMessage {
    return this.args[1];
  }

  /** 1 on the first delivery; larger on redeliveries. */
  getDeliveryCount(): number {
    return this.args[1].deliveryCount;
  }

  getStreamSequence(): number {
    return this.args[1].streamSequence;
  }

  getHeaders(): Record<string, string> {
    return this.args[1].headers;
  }

  /** Nest 12's name for out-of-band values a client attached (`setOnDispatchHook`): here, the headers. */
  getMetadata(): Record<string, string> {
    return this.args[1].headers;
  }

  /** In-progress ack. The transport already sends one every ack_wait/3 while the handler runs. */
  working(): void {
    this.args[1].working();
  }
}
