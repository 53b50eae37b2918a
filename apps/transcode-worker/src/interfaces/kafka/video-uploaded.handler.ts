import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  VIDEO_UPLOADED_TOPIC,
  parseVideoUploadedEvent,
} from '@video-streaming/contracts';
import {
  PermanentMessageError,
  type InboundMessage,
} from '@video-streaming/kafka-transport';
import { TranscodeJobRunner } from '../../application/transcode-video/job-runner';

/**
 * video-uploaded -> one transcode job. Resolving commits the message; throwing leaves it to be
 * redelivered (S3 or Kafka down, shutdown); a message that is not a video-uploaded event goes to
 * video-uploaded.dlq. A source that cannot be transcoded is not an error here: the job answers
 * it with video-failed and resolves.
 */
@Controller()
export class VideoUploadedHandler {
  constructor(private readonly runner: TranscodeJobRunner) {}

  @EventPattern(VIDEO_UPLOADED_TOPIC, { spanName: 'video.transcode' })
  async handle(@Payload() message: InboundMessage): Promise<void> {
    const parsed = parseVideoUploadedEvent(message.value);
    if (!parsed.ok) throw new PermanentMessageError(parsed.reason);
    const { event } = parsed;
    await this.runner.run({
      videoKey: event.videoKey,
      sourceEventId: event.eventId,
      traceparent: event.trace.traceparent ?? undefined,
    });
  }
}
