import { Inject, Injectable } from '@nestjs/common';
import { analyticsRules, APP_CONFIG, type AppConfig } from '../../config';
import type { AccessLogEntry } from '../../domain/access-log';
import type { AnalyticsRules } from '../../domain/analytics/analytics-rules';
import { HourAndDayDeltas } from '../../domain/analytics/rollup-delta';
import { UnstorableDataError } from '../../domain/unstorable-data.error';
import { isPermanentPgError } from '../prisma/postgres-errors';
import { AccessLogPartitions } from './access-log-partitions';
import { inTransaction, PgPool } from './pg-pool';
import { insertRawRows } from './raw-rows';
import { applyRollups, recordViewers } from './rollup-store';
import { updateSessions } from './session-store';

/**
 * The batch write (ADR 0024): raw rows, viewers, sessions and rollups in ONE transaction, so the
 * rollups count exactly the rows that the unique (event_id, occurred_at) let in: a redelivered
 * batch adds no row, hence nothing to the rollups either.
 */
@Injectable()
export class PgBatchWriter {
  private readonly rules: AnalyticsRules;

  constructor(
    private readonly pool: PgPool,
    private readonly partitions: AccessLogPartitions,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.rules = analyticsRules(config);
  }

  /** Returns the rows added; throws UnstorableDataError when PostgreSQL refuses the data. */
  async write(entries: readonly AccessLogEntry[]): Promise<number> {
    try {
      await this.partitions.ensureFor(entries.map((e) => e.occurredAt));
      return await inTransaction(this.pool, async (client) => {
        const fresh = await insertRawRows(client, entries);
        if (!fresh.length) return 0;
        const deltas = new HourAndDayDeltas();
        for (const e of fresh)
          deltas.add(e.videoKey, e.occurredAt.getTime(), {
            accesses: 1,
            bytesSent: e.bytesSent,
          });
        const newDays = await recordViewers(client, fresh, deltas);
        await updateSessions(client, fresh, this.rules, deltas);
        await applyRollups(client, deltas, newDays);
        return fresh.length;
      });
    } catch (error) {
      if (!isPermanentPgError(error)) throw error;
      throw new UnstorableDataError(error.message, { cause: error });
    }
  }
}
