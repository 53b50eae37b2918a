import { aVideoAccessedEvent } from '@video-streaming/contracts/testing';
import { randomUUID } from 'node:crypto';
import { toAccessLogEntry } from '../../domain/access-log';
import { AccessLogTable } from '../../testing/access-log-table';
import { accessLogStore } from '../../testing/access-log-store';

jest.setTimeout(60_000);

/**
 * Retention against the real PostgreSQL, in 1999 so that no other test's month is near the cutoff:
 * the maintenance job drops whole months older than the retention, and the rollups stay.
 */
describe('access-log partitions and retention (real PostgreSQL)', () => {
  const prefix = `retention-${randomUUID().slice(0, 8)}-`;
  const store = accessLogStore({ ACCESS_LOG_RETENTION_DAYS: '30' });
  const table = new AccessLogTable();
  const count = async (sql: string) =>
    Number((await store.pool.query(sql, [`${prefix}%`])).rows[0].n);

  afterAll(async () => {
    await table.deleteVideos(prefix);
    for (const month of ['199905', '199906', '199907'])
      await store.pool.query(`DROP TABLE IF EXISTS access_logs_p${month}`);
    await Promise.all([store.close(), table.close()]);
  });

  it('stores a row of any month, and drops the months older than the retention while the rollups stay', async () => {
    const old = toAccessLogEntry(
      aVideoAccessedEvent({
        videoKey: `${prefix}old.mp4`,
        occurredAt: '1999-01-15T12:00:00Z',
      }),
    );
    const recent = toAccessLogEntry(
      aVideoAccessedEvent({
        videoKey: `${prefix}recent.mp4`,
        occurredAt: '1999-05-20T12:00:00Z',
      }),
    );
    expect(await store.repository.insertMany([old, recent])).toBe(2);

    const dropped = await store.partitions.maintain(
      new Date('1999-06-01T00:00:00Z'),
    );

    expect(dropped).toContain('access_logs_p199901');
    expect(dropped).not.toContain('access_logs_p199905');
    expect(
      await count(
        'SELECT count(*) AS n FROM access_logs WHERE video_key LIKE $1',
      ),
    ).toBe(1);
    expect(
      await count(
        'SELECT sum(accesses) AS n FROM access_rollup_daily WHERE video_key LIKE $1',
      ),
    ).toBe(2);
    // The current and the next month exist ahead of any row.
    const months = await store.pool.query(
      "SELECT to_regclass('access_logs_p199906') AS a, to_regclass('access_logs_p199907') AS b",
    );
    expect(months.rows[0]).toEqual({
      a: 'access_logs_p199906',
      b: 'access_logs_p199907',
    });
  });
});
