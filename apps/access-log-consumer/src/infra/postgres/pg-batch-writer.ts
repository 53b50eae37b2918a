import { Inject, Injectable } from '@nestjs/common';
import { analyticsRules, APP_CONFIG, type AppConfig } from '../../config';
import type { AccessLogEntry } from '../../domain/access-log';
import type { AnalyticsRules } from '../../domain/analytics/analytics-rules';
import { HourAndDayDeltas } from '../../domain/analytics/rollup-delta';
import { UnstorableDataError } from '../../domain/unstorable-data.error';
import { isPermanentPgError } from '../prisma/postgres-errors';
import { AccessLogPartitions } from './access-log-partitions';
import { inTransaction, PgPool } from './pg-pool';
import { freshEntries, RAW_INSERT, RAW_PARAMS, rawParams } from './raw-rows';
import {
  applyRollups,
  countNewViewers,
  NEW_VIEWER_ROWS,
  type NewViewerRow,
  VIEWERS,
} from './rollup-store';
import {
  LOCK_TOUCHED,
  lockParams,
  mergeIntoSessions,
  type SessionJson,
} from './session-store';

/** The first statement's rows: an added event id, a new viewer of a bucket, or a locked session. */
interface FirstRow {
  kind: 'raw' | 'hour' | 'day' | 'session';
  /** The event id, the video, or the session as JSON. */
  video_key: string;
  bucket: string | null;
  user_id: string | null;
}
const FIRST = `
  WITH raw AS (${RAW_INSERT}),
  ${VIEWERS},
  locked AS (${LOCK_TOUCHED(RAW_PARAMS)})
  SELECT 'raw' AS kind, event_id::text AS video_key, NULL AS bucket, NULL AS user_id FROM raw
  UNION ALL
  SELECT 'session', j, NULL, NULL FROM locked
  UNION ALL
  ${NEW_VIEWER_ROWS}`;

/**
 * The batch write (ADR 0024): raw rows, viewers, sessions and rollups in ONE transaction, so the
 * rollups count exactly the rows that the unique (event_id, occurred_at) let in: a redelivered
 * batch adds no row, hence nothing to the rollups either. Two statements (ADR 0031): the rows,
 * viewers and session locks; then, from what the first returned, sessions, rollups and gaps.
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
        // 1st statement: the raw rows, the viewers they add, and the sessions they may touch.
        const { rows } = await client.query<FirstRow>(FIRST, [
          ...rawParams(entries),
          ...lockParams(entries, this.rules),
        ]);
        const added = new Set<string>();
        const viewers: NewViewerRow[] = [];
        const locked: SessionJson[] = [];
        for (const r of rows)
          if (r.kind === 'raw') added.add(r.video_key);
          else if (r.kind === 'session') locked.push(JSON.parse(r.video_key));
          else viewers.push(r as NewViewerRow);
        if (!added.size) return 0;
        const fresh = freshEntries(entries, added);
        const deltas = new HourAndDayDeltas();
        for (const e of fresh)
          deltas.add(e.videoKey, e.occurredAt.getTime(), {
            accesses: 1,
            bytesSent: e.bytesSent,
          });
        const newDays = countNewViewers(viewers, deltas);
        const sessions = mergeIntoSessions(fresh, locked, this.rules, deltas);
        // 2nd statement: the sessions, the rollups and the viewer-day gaps.
        await applyRollups(client, deltas, newDays, sessions);
        return fresh.length;
      });
    } catch (error) {
      if (!isPermanentPgError(error)) throw error;
      throw new UnstorableDataError(error.message, { cause: error });
    }
  }
}
