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
import { UnstorableDataError } from '../../domain/unstorable-data.error';

export interface IncomingMessage {
  key: Buffer | null;
  value: Buffer | null;
  headers: MessageHeaders;
  source: MessageSource;
}

interface Candidate {
  entry: AccessLogEntry;
  message: IncomingMessage;
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
    const candidates: Candidate[] = [];
    const letters: DeadLetter[] = [];
    for (const message of messages) {
      const parsed = parseVideoAccessedEvent(message.value);
      const entry = parsed.ok ? toAccessLogEntry(parsed.event) : undefined;
      const reason = parsed.ok
        ? entry && unstorableReason(entry)
        : parsed.reason;
      if (reason) letters.push({ ...message, reason });
      else if (entry) candidates.push({ entry, message });
    }
    const stored = candidates.length
      ? await this.store(dedupe(candidates))
      : { inserted: 0, refused: [] };
    letters.push(...stored.refused);
    if (letters.length) await this.deadLetters.publish(letters);
    return {
      inserted: stored.inserted,
      valid: candidates.length - stored.refused.length,
      deadLettered: letters.length,
    };
  }

  /**
   * One statement for the whole batch. If the database refuses the data itself, halving finds the
   * refused rows (a few statements per bad row) and they become dead letters; the rest is stored.
   */
  private async store(
    candidates: Candidate[],
  ): Promise<{ inserted: number; refused: DeadLetter[] }> {
    try {
      const inserted = await this.repository.insertMany(
        candidates.map((c) => c.entry),
      );
      return { inserted, refused: [] };
    } catch (error) {
      if (!(error instanceof UnstorableDataError)) throw error;
      if (candidates.length === 1) {
        const reason = `unstorable: ${error.message}`;
        return { inserted: 0, refused: [{ ...candidates[0].message, reason }] };
      }
      const middle = Math.ceil(candidates.length / 2);
      const first = await this.store(candidates.slice(0, middle));
      const second = await this.store(candidates.slice(middle));
      return {
        inserted: first.inserted + second.inserted,
        refused: [...first.refused, ...second.refused],
      };
    }
  }
}

/** A producer retry can put one event twice in a batch; one statement must not see it twice. */
function dedupe(candidates: Candidate[]): Candidate[] {
  const byId = new Map(candidates.map((c) => [c.entry.eventId, c]));
  return byId.size === candidates.length ? candidates : [...byId.values()];
}
