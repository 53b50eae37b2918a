import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  CONSUMER_SPAN_NAME,
  VIDEO_ACCESSED_TOPIC,
} from '@video-streaming/contracts';
import type {
  InboundMessage,
  KafkaHandlerExtras,
} from '@video-streaming/kafka-transport';
import { StoreAccessEventsUseCase } from '../../application/store-access-events/store-access-events.use-case';

const extras: KafkaHandlerExtras = {
  batch: true,
  spanName: CONSUMER_SPAN_NAME,
};

/**
 * A partition's fetch of `video-accessed`, stored with one bulk insert. The transport commits past
 * the batch only once this resolves, and retries it (heartbeating) while it throws; invalid events
 * are dead-lettered one by one by the use case, so a bad event never blocks the partition.
 */
@Controller()
export class VideoAccessedController {
  constructor(private readonly storeAccessEvents: StoreAccessEventsUseCase) {}

  @EventPattern(VIDEO_ACCESSED_TOPIC, extras)
  async store(@Payload() messages: InboundMessage[]): Promise<void> {
    await this.storeAccessEvents.execute(messages);
  }
}
