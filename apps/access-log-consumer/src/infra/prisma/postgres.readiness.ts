import type { FactoryProvider } from '@nestjs/common';
import { PingReadiness } from '@video-streaming/platform';
import { PrismaService } from './prisma.service';

/** `postgres`: not ready without PostgreSQL, no batch can be stored, no access log read. */
export const POSTGRES_READINESS = Symbol('POSTGRES_READINESS');

export const postgresReadiness: FactoryProvider<PingReadiness> = {
  provide: POSTGRES_READINESS,
  useFactory: (prisma: PrismaService) =>
    new PingReadiness('postgres', () => prisma.$queryRaw`SELECT 1`),
  inject: [PrismaService],
};
