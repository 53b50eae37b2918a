import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config';
import { PgPool } from './pg-pool';

const monthOf = (d: Date) => d.toISOString().slice(0, 7);
const DAY_MS = 86_400_000;

/**
 * The monthly partitions of access_logs (ADR 0023): created on demand before a batch that needs
 * one, ahead of time by a periodic job, which also drops the months older than the retention.
 */
@Injectable()
export class AccessLogPartitions
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('AccessLogPartitions');
  private readonly known = new Set<string>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly pool: PgPool,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Makes sure every month of `dates` has its partition (one catalog check per new month). */
  async ensureFor(dates: readonly Date[]): Promise<void> {
    const missing = new Map<string, Date>();
    for (const d of dates) {
      const month = monthOf(d);
      if (!this.known.has(month)) missing.set(month, d);
    }
    for (const [month, at] of missing) {
      await this.pool.query('SELECT access_log_ensure_partition($1)', [at]);
      this.known.add(month);
    }
  }

  onApplicationBootstrap(): void {
    this.running = this.maintain();
    this.timer = setInterval(() => {
      this.running ??= this.maintain().finally(
        () => (this.running = undefined),
      );
    }, this.config.ACCESS_LOG_MAINTENANCE_MINUTES * 60_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** This month and the next exist; months wholly older than the retention are dropped. */
  async maintain(now = new Date()): Promise<string[]> {
    try {
      const next = new Date(
        Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1),
      );
      await this.ensureFor([now, next]);
      return await this.dropExpired(now);
    } catch (error) {
      this.logger.warn(
        `partition maintenance failed: ${(error as Error).message}`,
      );
      return [];
    }
  }

  private async dropExpired(now: Date): Promise<string[]> {
    const days = this.config.ACCESS_LOG_RETENTION_DAYS;
    if (!days) return [];
    const cutoff = now.getTime() - days * DAY_MS;
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'access_logs'::regclass ORDER BY 1`,
    );
    const dropped: string[] = [];
    for (const { name } of rows) {
      const match = /^access_logs_p(\d{4})(\d{2})$/.exec(name);
      if (!match) continue;
      const end = Date.UTC(Number(match[1]), Number(match[2]), 1); // first instant after the month
      if (end > cutoff) continue;
      await this.pool.query(`DROP TABLE IF EXISTS "${name}"`);
      this.known.delete(`${match[1]}-${match[2]}`);
      dropped.push(name);
    }
    // Sessions wholly before the cutoff can no longer grow: their accesses are gone.
    await this.pool.query('DELETE FROM playback_sessions WHERE ended_at < $1', [
      new Date(cutoff),
    ]);
    if (dropped.length)
      this.logger.log(
        `dropped raw partitions older than ${days} days: ${dropped.join(', ')}`,
      );
    return dropped;
  }
}
