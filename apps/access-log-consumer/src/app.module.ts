import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule, authOptionsOf } from '@video-streaming/auth';
import {
  HealthController,
  readinessChecks,
  serviceProviders,
} from '@video-streaming/platform';
import { serviceModules } from '@video-streaming/telemetry';
import {
  KafkaConsumerReadiness,
  KafkaDeadLetterPublisher,
  provideKafkaTransport,
} from '@video-streaming/kafka-transport';
import {
  POSTGRES_READINESS,
  postgresReadiness,
} from '@video-streaming/postgres';
import type { JSONWebKeySet } from 'jose';
import { GetAccessStatsUseCase } from './application/get-access-stats/get-access-stats.use-case';
import { GetTopVideosUseCase } from './application/get-top-videos/get-top-videos.use-case';
import { ListAccessLogsUseCase } from './application/list-access-logs/list-access-logs.use-case';
import { StoreAccessEventsUseCase } from './application/store-access-events/store-access-events.use-case';
import { errorStatusMap } from './common/error-status.map';
import { APP_CONFIG, type AppConfig } from './config';
import { ACCESS_LOG_REPOSITORY } from './domain/access-log.repository.port';
import { ACCESS_ANALYTICS } from './domain/analytics/access-analytics.port';
import { DEAD_LETTER_PUBLISHER } from './domain/dead-letter.port';
import { ConsumerLagMonitor } from './infra/kafka/consumer-lag.monitor';
import {
  KAFKA_TRANSPORT_INJECT,
  kafkaTransportOptions,
} from './infra/kafka/kafka-transport.config';
import { PartitionsReadiness } from './infra/kafka/partitions.readiness';
import { consumerMetricProviders } from './infra/observability/consumer-metrics';
import { TelemetryShutdown } from './infra/observability/telemetry-shutdown';
import { AccessLogPartitions } from './infra/postgres/access-log-partitions';
import { PgBatchWriter } from './infra/postgres/pg-batch-writer';
import { PgPool } from './infra/postgres/pg-pool';
import { PrismaAccessAnalytics } from './infra/prisma/prisma-access-analytics';
import { PrismaAccessLogRepository } from './infra/prisma/prisma-access-log.repository';
import { PrismaService } from './infra/prisma/prisma.service';
import { AccessLogsController } from './interfaces/http/access-logs.controller';
import { VideoAccessedController } from './interfaces/kafka/video-accessed.controller';

export const SERVICE_NAME = 'access-log-consumer';

export interface AppModuleOptions {
  config: AppConfig;
  /** Static keys instead of fetching AUTH_JWKS_URL (tests). */
  jwks?: JSONWebKeySet;
}

@Module({})
export class AppModule {
  static register({ config, jwks }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceModules(SERVICE_NAME),
        AuthModule.forRoot(authOptionsOf(config, jwks)),
      ],
      controllers: [
        AccessLogsController,
        HealthController,
        VideoAccessedController,
      ],
      providers: [
        ...serviceProviders({
          config: [APP_CONFIG, config],
          errorStatusMap,
          kafkaBrokers: config.KAFKA_BROKERS,
        }),
        ...provideKafkaTransport({
          inject: KAFKA_TRANSPORT_INJECT,
          useFactory: kafkaTransportOptions,
        }),
        { provide: ACCESS_LOG_REPOSITORY, useClass: PrismaAccessLogRepository },
        { provide: ACCESS_ANALYTICS, useClass: PrismaAccessAnalytics },
        {
          provide: DEAD_LETTER_PUBLISHER,
          useExisting: KafkaDeadLetterPublisher,
        },
        ...consumerMetricProviders,
        PrismaService,
        PgPool,
        AccessLogPartitions,
        PgBatchWriter,
        StoreAccessEventsUseCase,
        ListAccessLogsUseCase,
        GetAccessStatsUseCase,
        GetTopVideosUseCase,
        ConsumerLagMonitor,
        TelemetryShutdown,
        postgresReadiness(PrismaService),
        KafkaConsumerReadiness,
        PartitionsReadiness,
        readinessChecks(
          POSTGRES_READINESS,
          KafkaConsumerReadiness,
          PartitionsReadiness,
        ),
      ],
    };
  }
}
