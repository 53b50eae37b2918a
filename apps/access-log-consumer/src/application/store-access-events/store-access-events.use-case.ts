import { Inject, Injectable } from '@nestjs/common';
import { parseVideoAccessedEvent } from '@video-streaming/contracts';
import {
  toAccessLogEntry,
  unstorableReason,
  type AccessLogEntry,
} from '../../domain/access-log';
import {
  ACCESS_LOG_REPOSITORY,
  type AccessLogRepository,
} from '../../domain/access-log.repository.port';
import {
  DEAD_LETTER_PUBLISHER,
  type DeadLetter,
  type DeadLetterPublisher,
  type MessageHeaders,
  type MessageSource,
} from '../../domain/dead-letter.port';

export interface IncomingMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers: MessageHeaders;
  source: MessageSource;
}

export interface StoreResult {
  /** Rows added; fewer than `valid` when some events were already stored (a redelivery). */
  inserted: number;
  valid: number;
  deadLettered: number;
}

/**
 * Stores a batch of `video-accessed` messages. Safe to call again with the same batch after a
 * failure: the insert skips stored eventIds, and the dead letters are sent last, so a retry
 * repeats them only when their own send failed.
 */
@Injectable()
export class StoreAccessEventsUseCase {
  constructor(
    @Inject(ACCESS_LOG_REPOSITORY)
    private readonly repository: AccessLogRepository,
    @Inject(DEAD_LETTER_PUBLISHER)
    private readonly deadLetters: DeadLetterPublisher,
  ) {}

  async execute(messages: readonly IncomingMessage[]): Promise<StoreResult> {
    const entries: AccessLogEntry[] = [];
    const letters: DeadLetter[] = [];
    for (const message of messages) {
      const parsed = parseVideoAccessedEvent(message.value);
      const entry = parsed.ok ? toAccessLogEntry(parsed.event) : undefined;
      const reason = parsed.ok
        ? entry && unstorableReason(entry)
        : parsed.reason;
      if (reason) letters.push({ ...message, reason });
      else if (entry) entries.push(entry);
    }
    const inserted = entries.length
      ? await this.repository.insertMany(dedupe(entries))
      : 0;
    if (letters.length) await this.deadLetters.publish(letters);
    return { inserted, valid: entries.length, deadLettered: letters.length };
  }
}

/** A producer retry can put one event twice in a batch; one statement must not see it twice. */
function dedupe(entries: AccessLogEntry[]): AccessLogEntry[] {
  const byId = new Map(entries.map((e) => [e.eventId, e]));
  return byId.size === entries.length ? entries : [...byId.values()];
}
