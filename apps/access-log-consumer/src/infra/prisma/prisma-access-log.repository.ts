import { Injectable } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Histogram } from 'prom-client';
import type { AccessLogEntry, StoredAccessLog } from '../../domain/access-log';
import type { AccessLogQuery } from '../../domain/access-log-query';
import type { AccessLogRepository } from '../../domain/access-log.repository.port';
import {
  BATCH_INSERT_SECONDS,
  ROWS_INSERTED,
} from '../observability/consumer-metrics';
import { PgBatchWriter } from '../postgres/pg-batch-writer';
import type { Prisma, AccessLog } from './generated';
import { PrismaService } from './prisma.service';

@Injectable()
export class PrismaAccessLogRepository implements AccessLogRepository {
  constructor(
    private readonly prisma: PrismaService,
    private readonly writer: PgBatchWriter,
    @InjectMetric(BATCH_INSERT_SECONDS)
    private readonly insertSeconds: Histogram<string>,
    @InjectMetric(ROWS_INSERTED) private readonly rowsInserted: Counter<string>,
  ) {}

  /** Raw rows, sessions and rollups in one transaction on the pg pool (PgBatchWriter). */
  async insertMany(entries: readonly AccessLogEntry[]): Promise<number> {
    const end = this.insertSeconds.startTimer();
    try {
      const count = await this.writer.write(entries);
      end({ result: 'ok' });
      this.rowsInserted.inc(count);
      return count;
    } catch (error) {
      end({ result: 'error' });
      throw error;
    }
  }

  async list(query: AccessLogQuery): Promise<StoredAccessLog[]> {
    const where: Prisma.AccessLogWhereInput = {
      userId: query.userId,
      videoKey: query.videoKey,
      occurredAt: { gte: query.from, lt: query.to },
    };
    if (query.after) {
      const { occurredAt, id } = query.after;
      // The lte is redundant with the OR, but it is what lets PostgreSQL start the index scan there.
      where.AND = [
        { occurredAt: { lte: occurredAt } },
        { OR: [{ occurredAt: { lt: occurredAt } }, { id: { lt: id } }] },
      ];
    }
    const rows = await this.prisma.accessLog.findMany({
      where,
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: query.limit,
    });
    return rows.map(toStored);
  }
}

function toStored(row: AccessLog): StoredAccessLog {
  return {
    ...row,
    bytesSent: Number(row.bytesSent),
    outcome: row.outcome as StoredAccessLog['outcome'],
  };
}
