import { Injectable } from '@nestjs/common';
import type {
  ReadinessCheck,
  ReadinessReport,
} from '@video-streaming/platform';
import { PrismaService } from './prisma.service';

/** Not ready without PostgreSQL: no batch can be stored, no access log read. */
@Injectable()
export class PostgresReadiness implements ReadinessCheck {
  readonly name = 'postgres';
  constructor(private readonly prisma: PrismaService) {}

  async check(): Promise<ReadinessReport> {
    await this.prisma.$queryRaw`SELECT 1`;
    return { up: true };
  }
}
