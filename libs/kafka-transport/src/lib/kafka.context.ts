import { BaseRpcContext } from '@nestjs/microservices';
import type { InboundMessage } from './kafka-message';

type KafkaContextArgs = [
  messages: InboundMessage[],
  heartbeat: () => Promise<void>,
];

/** `@Ctx()` of a Kafka handler: the messages in hand and the group's heartbeat. */
export class KafkaContext extends BaseRpcContext<KafkaContextArgs> {
  constructor(args: KafkaContextArgs) {
    super(args);
  }

  /** The message (one) or the batch (one partition's fetch) the handler is working on. */
  getMessages(): InboundMessage[] {
    return this.args[0];
  }

  getTopic(): string {
    return this.args[0][0]?.source.topic ?? '';
  }

  getPartition(): number {
    return this.args[0][0]?.source.partition ?? -1;
  }

  /** The transport already heartbeats while a handler runs; call it to be sure in a tight loop. */
  heartbeat(): Promise<void> {
    return this.args[1]();
  }
}
