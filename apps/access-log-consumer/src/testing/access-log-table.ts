import { deleteVideoTraces } from '@video-streaming/dev-stack';
import { Pool } from 'pg';
import { DATABASE_URL } from './stack';

/** Direct SQL on access_logs, to assert what the consumer stored without going through it. */
export class AccessLogTable {
  private readonly pool: Pool;

  constructor() {
    const url = new URL(DATABASE_URL);
    const schema = url.searchParams.get('schema') ?? 'public';
    url.searchParams.delete('schema');
    this.pool = new Pool({
      connectionString: url.toString(),
      max: 2,
      options: `-c search_path=${schema}`,
      connectionTimeoutMillis: 2_000,
    });
    // A stopped PostgreSQL drops idle connections; the pool replaces them.
    this.pool.on('error', () => undefined);
  }

  async counts(userId: string): Promise<{ rows: number; events: number }> {
    const { rows } = await this.pool.query<{ rows: string; events: string }>(
      'SELECT count(*) AS rows, count(DISTINCT event_id) AS events FROM access_logs WHERE user_id = $1',
      [userId],
    );
    return { rows: Number(rows[0].rows), events: Number(rows[0].events) };
  }

  /** Rows as the consumer would store them, with the times and outcomes a test needs. */
  async insert(
    rows: {
      userId: string;
      videoKey: string;
      occurredAt: string;
      bytesSent: number;
      outcome: string;
    }[],
  ): Promise<void> {
    for (const row of rows) {
      // Monthly partitions (ADR 0023): the consumer creates them on demand, so must a direct insert.
      await this.pool.query('SELECT access_log_ensure_partition($1)', [
        row.occurredAt,
      ]);
      await this.pool.query(
        `INSERT INTO access_logs (event_id, occurred_at, user_id, video_key, method, range, status, bytes_sent, duration_ms, outcome)
         VALUES (gen_random_uuid(), $1, $2, $3, 'GET', NULL, 200, $4, 10.5, $5)`,
        [row.occurredAt, row.userId, row.videoKey, row.bytesSent, row.outcome],
      );
    }
  }

  async deleteVideo(videoKey: string): Promise<void> {
    await this.pool.query('DELETE FROM access_logs WHERE video_key = $1', [
      videoKey,
    ]);
  }

  /** Every trace of the videos whose key starts with `prefix`: rows, sessions, viewers, rollups. */
  async deleteVideos(prefix: string): Promise<void> {
    await deleteVideoTraces(
      (sql, params) => this.pool.query(sql, params),
      prefix,
    );
  }

  async deleteUser(userId: string): Promise<void> {
    await this.pool.query('DELETE FROM access_logs WHERE user_id = $1', [
      userId,
    ]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
