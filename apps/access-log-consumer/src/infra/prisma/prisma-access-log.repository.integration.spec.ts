import { aVideoAccessedEvent } from '@video-streaming/contracts/testing';
import { randomUUID } from 'node:crypto';
import { toAccessLogEntry, type AccessLogEntry } from '../../domain/access-log';
import { UnstorableDataError } from '../../domain/unstorable-data.error';
import { accessLogStore } from '../../testing/access-log-store';

jest.setTimeout(60_000);

describe('PrismaAccessLogRepository.insertMany (real PostgreSQL)', () => {
  const userId = `repo-${randomUUID().slice(0, 8)}`;
  const store = accessLogStore();
  const { prisma, repository } = store;
  const entries = (n: number): AccessLogEntry[] =>
    Array.from({ length: n }, (_, i) =>
      toAccessLogEntry(
        aVideoAccessedEvent({
          userId,
          request: {
            method: 'GET',
            range: i % 2 ? null : 'bytes=0-',
            status: 200,
            bytesSent: 5_000_000_000 + i,
            durationMs: 0.25,
            outcome: 'aborted',
          },
          client: { userAgent: i % 3 ? null : 'curl', ipAnonymised: null },
        }),
      ),
    );

  afterAll(async () => {
    await prisma.accessLog.deleteMany({ where: { userId } });
    await store.close();
  });

  it('stores every field of a batch, and skips events already stored', async () => {
    const batch = entries(1_500);
    expect(await repository.insertMany(batch)).toBe(1_500);
    expect(
      await repository.insertMany([...batch.slice(0, 10), ...entries(5)]),
    ).toBe(5);
    const [newest] = await repository
      .list({ userId, limit: 1_600 })
      .then((rows) => rows.filter((r) => r.eventId === batch[0].eventId));
    expect(newest).toMatchObject({
      ...batch[0],
      occurredAt: batch[0].occurredAt,
      id: expect.any(BigInt),
    });
    expect(await prisma.accessLog.count({ where: { userId } })).toBe(1_505);
  });

  it('refuses a batch whose data PostgreSQL rejects with UnstorableDataError, storing none of it', async () => {
    const batch = entries(3);
    // The contract keeps NUL out; this is the storage's last line, should anything slip through.
    batch[1] = { ...batch[1], videoKey: 'bad\u0000key' };
    const refused = repository.insertMany(batch);
    await expect(refused).rejects.toBeInstanceOf(UnstorableDataError);
    await expect(refused).rejects.toThrow(/invalid byte sequence/);
    const ids = batch.map((e) => e.eventId);
    expect(
      await prisma.accessLog.count({ where: { eventId: { in: ids } } }),
    ).toBe(0);
  });

  it('stores the refusal of a refused request next to older events without one', async () => {
    const refused = toAccessLogEntry(
      aVideoAccessedEvent({
        userId,
        videoKey: '/invalid-filename',
        refusal: {
          reason: 'INVALID_VIDEO_KEY',
          requestedName: 'probe-%25ff%25fe.mp4',
          requestedNameTruncated: true,
        },
      }),
    );
    const plain = entries(1)[0];
    expect(await repository.insertMany([refused, plain])).toBe(2);
    const rows = await prisma.accessLog.findMany({
      where: { eventId: { in: [refused.eventId, plain.eventId] } },
    });
    expect(rows.find((r) => r.eventId === refused.eventId)).toMatchObject({
      videoKey: '/invalid-filename',
      refusalReason: 'INVALID_VIDEO_KEY',
      requestedName: 'probe-%25ff%25fe.mp4',
      requestedNameTruncated: true,
    });
    expect(rows.find((r) => r.eventId === plain.eventId)).toMatchObject({
      refusalReason: null,
      requestedName: null,
      requestedNameTruncated: null,
    });
  });
});
