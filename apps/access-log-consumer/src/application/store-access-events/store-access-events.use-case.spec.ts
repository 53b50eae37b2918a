import { aVideoAccessedEvent } from '@video-streaming/contracts/testing';
import type { AccessLogEntry } from '../../domain/access-log';
import type { AccessLogRepository } from '../../domain/access-log.repository.port';
import { UnstorableDataError } from '../../domain/unstorable-data.error';
import type {
  DeadLetter,
  DeadLetterPublisher,
} from '../../domain/dead-letter.port';
import {
  StoreAccessEventsUseCase,
  type IncomingMessage,
} from './store-access-events.use-case';

class InMemoryRepository implements Pick<AccessLogRepository, 'insertMany'> {
  readonly rows = new Map<string, AccessLogEntry>();
  failures = 0;
  /** Rows the database refuses for their data, as PostgreSQL refuses a value out of range. */
  refusedUsers = new Set<string>();
  statements = 0;
  async insertMany(entries: readonly AccessLogEntry[]) {
    this.statements++;
    if (this.failures-- > 0) throw new Error('database unavailable');
    if (entries.some((e) => this.refusedUsers.has(e.userId)))
      throw new UnstorableDataError('bigint out of range');
    const before = this.rows.size;
    for (const entry of entries)
      if (!this.rows.has(entry.eventId)) this.rows.set(entry.eventId, entry);
    return this.rows.size - before;
  }
}

class RecordingPublisher implements DeadLetterPublisher {
  readonly letters: DeadLetter[] = [];
  async publish(letters: readonly DeadLetter[]) {
    this.letters.push(...letters);
  }
}

let offset = 0;
const message = (value: string | null): IncomingMessage => ({
  key: null,
  value: value === null ? null : Buffer.from(value),
  headers: {
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  },
  source: { topic: 'video-accessed', partition: 2, offset: String(offset++) },
});

describe('StoreAccessEventsUseCase', () => {
  let repository: InMemoryRepository;
  let publisher: RecordingPublisher;
  let useCase: StoreAccessEventsUseCase;

  beforeEach(() => {
    repository = new InMemoryRepository();
    publisher = new RecordingPublisher();
    useCase = new StoreAccessEventsUseCase(
      repository as unknown as AccessLogRepository,
      publisher,
    );
  });

  it('stores every valid event of the batch once, even when the batch is delivered again', async () => {
    const batch = [aVideoAccessedEvent(), aVideoAccessedEvent()].map((e) =>
      message(JSON.stringify(e)),
    );
    expect(await useCase.execute(batch)).toEqual({
      inserted: 2,
      valid: 2,
      deadLettered: 0,
    });
    expect(await useCase.execute(batch)).toEqual({
      inserted: 0,
      valid: 2,
      deadLettered: 0,
    });
    expect(repository.rows.size).toBe(2);
  });

  it('stores an event duplicated inside one batch once', async () => {
    const event = JSON.stringify(aVideoAccessedEvent());
    expect(
      (await useCase.execute([message(event), message(event)])).inserted,
    ).toBe(1);
  });

  it('dead-letters malformed and schema-invalid messages with their reason and source, and stores the rest', async () => {
    const good = aVideoAccessedEvent();
    const batch = [
      message('{not json'),
      message(JSON.stringify({ ...good, eventId: 'nope' })),
      message(JSON.stringify(good)),
    ];
    expect(await useCase.execute(batch)).toEqual({
      inserted: 1,
      valid: 1,
      deadLettered: 2,
    });
    expect(
      publisher.letters.map((l) => [l.source, l.reason.split(':')[0]]),
    ).toEqual([
      [batch[0].source, 'malformed JSON'],
      [batch[1].source, 'schema violation'],
    ]);
    expect(publisher.letters[1].reason).toContain('eventId');
    expect(publisher.letters[0].headers).toEqual(batch[0].headers);
    expect(repository.rows.has(good.eventId)).toBe(true);
  });

  it('dead-letters an event outside the storable time range (year 9000), instead of retrying its batch forever', async () => {
    const batch = [
      message(
        JSON.stringify(
          aVideoAccessedEvent({ occurredAt: '9000-01-01T00:00:00Z' }),
        ),
      ),
      message(JSON.stringify(aVideoAccessedEvent())),
    ];
    expect(await useCase.execute(batch)).toEqual({
      inserted: 1,
      valid: 1,
      deadLettered: 1,
    });
    expect(publisher.letters[0].reason).toMatch(/^out of range: occurredAt/);
  });

  it('fails without dead-lettering when the rows could not be stored, so a retry sends each letter once', async () => {
    repository.failures = 1;
    const batch = [
      message('[]'),
      message(JSON.stringify(aVideoAccessedEvent())),
    ];
    await expect(useCase.execute(batch)).rejects.toThrow(
      'database unavailable',
    );
    expect(publisher.letters).toHaveLength(0);
    await useCase.execute(batch);
    expect(publisher.letters).toHaveLength(1);
    expect(repository.rows.size).toBe(1);
  });

  it('dead-letters only the rows the database refuses for their data, and stores the rest of the batch', async () => {
    repository.refusedUsers.add('refused-user');
    const events = Array.from({ length: 64 }, (_, i) =>
      aVideoAccessedEvent({
        userId: i === 5 || i === 40 ? 'refused-user' : 'ok',
      }),
    );
    const batch = events.map((e) => message(JSON.stringify(e)));
    expect(await useCase.execute(batch)).toEqual({
      inserted: 62,
      valid: 62,
      deadLettered: 2,
    });
    expect(publisher.letters.map((l) => l.source)).toEqual([
      batch[5].source,
      batch[40].source,
    ]);
    expect(publisher.letters[0].reason).toBe('unstorable: bigint out of range');
    // Halving finds them in a few statements, not one per row.
    expect(repository.statements).toBeLessThan(30);
  });
});
