import { Inject, Injectable, Logger } from '@nestjs/common';
import type { VideoAccessedEvent } from '@video-streaming/contracts';
import {
  ACKNOWLEDGED_EVENT_PUBLISHER,
  type AcknowledgedEventPublisher,
} from '../../domain/acknowledged-event-publisher.port';
import {
  COMPLETION_LOG,
  type CompletionLog,
} from '../../domain/completion-log.port';
import { accessOfCompletion } from '../record-video-access/edge-access';
import { toEvent } from '../record-video-access/record-video-access.use-case';
import { parseCompletionRecord } from './completion-record';

export interface ShipResult {
  /** Lines read from the log in this batch (shipped or malformed). */
  lines: number;
  events: VideoAccessedEvent[];
  malformed: number;
}

/**
 * Turns the gateway's completion records into video-accessed events (the access id is the event
 * id) and commits the log position only after Kafka acknowledged them: at least once, and
 * exactly once in effect through the consumer's unique event_id (ADR 0021).
 */
@Injectable()
export class ShipEdgeCompletionsUseCase {
  private readonly logger = new Logger(ShipEdgeCompletionsUseCase.name);

  constructor(
    @Inject(COMPLETION_LOG) private readonly log: CompletionLog,
    @Inject(ACKNOWLEDGED_EVENT_PUBLISHER)
    private readonly publisher: AcknowledgedEventPublisher,
  ) {}

  /** One batch; rejects (nothing committed) when Kafka did not take it. */
  async shipOnce(maxRecords: number): Promise<ShipResult> {
    const batch = await this.log.read(maxRecords);
    const events: VideoAccessedEvent[] = [];
    let malformed = 0;
    for (const line of batch.lines) {
      const event = this.eventOf(line);
      if (event) events.push(event);
      else malformed++;
    }
    if (events.length > 0) await this.publisher.publishAcknowledged(events);
    await this.log.commit(batch.position);
    return { lines: batch.lines.length, events, malformed };
  }

  private eventOf(line: string): VideoAccessedEvent | undefined {
    const parsed = parseCompletionRecord(line);
    if (!parsed.ok) {
      // Not ours (a hand edit, a truncated write): skipped, never a stalled log.
      this.logger.error(`edge completion record skipped: ${parsed.reason}`);
      return undefined;
    }
    try {
      const { record } = parsed;
      return toEvent(accessOfCompletion(record), {
        eventId: record.id,
        occurredAt: new Date(record.time).toISOString(),
      });
    } catch (error) {
      this.logger.error(
        `edge completion record ${parsed.record.id} skipped: ${(error as Error).message}`,
      );
      return undefined;
    }
  }
}
