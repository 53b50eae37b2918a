import {
  Module,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type Provider,
} from '@nestjs/common';
import { S3_CLIENT } from '@video-streaming/s3';
import { AuthModule, authOptionsOf } from '@video-streaming/auth';
import {
  HealthController,
  readinessChecks,
  serviceProviders,
} from '@video-streaming/platform';
import { serviceModules } from '@video-streaming/telemetry';
import { DeleteVideoUseCase } from './application/delete-video/delete-video.use-case';
import { IssuePlaybackUrlUseCase } from './application/issue-playback-url/issue-playback-url.use-case';
import { ListVideosUseCase } from './application/list-videos/list-videos.use-case';
import { RecordVideoAccessUseCase } from './application/record-video-access/record-video-access.use-case';
import { ShipEdgeCompletionsUseCase } from './application/ship-edge-completions/ship-edge-completions.use-case';
import { VerifyPlaybackUrlUseCase } from './application/verify-playback-url/verify-playback-url.use-case';
import { StreamVideoUseCase } from './application/stream-video/stream-video.use-case';
import { UploadVideoUseCase } from './application/upload-video/upload-video.use-case';
import { errorStatusMap } from './common/error-status.map';
import { APP_CONFIG, type StreamConfig } from './config';
import { ACCESS_EVENT_PUBLISHER } from './domain/access-event-publisher.port';
import { ACKNOWLEDGED_EVENT_PUBLISHER } from './domain/acknowledged-event-publisher.port';
import { COMPLETION_LOG } from './domain/completion-log.port';
import { DELIVERY_RECORDER } from './domain/delivery-recorder.port';
import { EDGE_SHIPPING_RECORDER } from './domain/edge-shipping-recorder.port';
import { EdgeShippingMonitor } from './infra/edge-log/edge-shipping.monitor';
import { TailedCompletionLog } from './infra/edge-log/tailed-completion-log';
import { KafkaAcknowledgedPublisher } from './infra/kafka/kafka-acknowledged.publisher';
import { EdgeLogShipperRunner } from './interfaces/edge-log/edge-log-shipper.runner';
import { OBJECT_STORAGE } from './domain/object-storage.port';
import { ReadinessProbes } from './infra/health/readiness-probes';
import { KafkaAccessEventPublisher } from './infra/kafka/kafka-access-event.publisher';
import { KafkaProducerReadiness } from './infra/kafka/kafka-producer.readiness';
import {
  createKafkaProducer,
  KAFKA_PRODUCER,
} from './infra/kafka/kafka-producer.factory';
import { PrometheusDeliveryRecorder } from './infra/observability/prometheus-delivery.recorder';
import { streamMetricProviders } from './infra/observability/stream.metrics';
import {
  createS3Agents,
  createStreamS3Client,
  S3_AGENTS,
  type S3Agents,
} from './infra/s3/s3-client.factory';
import { S3ObjectStorage } from './infra/s3/s3-object-storage.adapter';
import { S3Readiness } from './infra/s3/s3.readiness';
import { resumableUploadProviders } from './infra/tus/resumable-upload.providers';
import { TUS_SERVER } from './infra/tus/tus-server.factory';
import { AccessTracker } from './interfaces/http/access-tracker';
import { AccessTrackingMiddleware } from './interfaces/http/access-tracking.middleware';
import { BearerOrSignedUrlGuard } from './interfaces/http/bearer-or-signed-url.guard';
import { PlaybackController } from './interfaces/http/playback.controller';
import { PlayerController } from './interfaces/http/player.controller';
import { VideoCatalogueController } from './interfaces/http/video-catalogue.controller';
import { VideoStreamController } from './interfaces/http/video-stream.controller';
import { VideoUploadController } from './interfaces/http/video-upload.controller';
import { ResumableUploadController } from './interfaces/http/resumable-upload.controller';
import { RESUMABLE_UPLOAD_PROTOCOL } from './interfaces/http/resumable-upload.protocol';
import { HlsController } from './interfaces/http/hls.controller';
import { VideoStatusController } from './interfaces/http/video-status.controller';
import { HlsUrls } from './application/hls-playback/hls-urls';
import { ServeRenditionUseCase } from './application/hls-playback/serve-rendition.use-case';
import { VideoStatusUseCase } from './application/video-status/video-status.use-case';
import { RENDITION_CATALOGUE } from './domain/rendition-catalogue.port';
import { S3RenditionCatalogue } from './infra/s3/s3-rendition-catalogue.adapter';
import { StrictQueryParserInstaller } from './interfaces/http/strict-query-parser';
import { LeanPlaybackRoute } from './interfaces/http/lean/lean-playback.route';

export const SERVICE_NAME = 'stream-service';

export interface AppModuleOverrides {
  /** Static JWKS instead of AUTH_JWKS / AUTH_JWKS_URL (tests). */
  jwks?: Parameters<typeof AuthModule.forRoot>[0]['jwks'];
}

@Module({})
export class AppModule implements NestModule {
  /** Before the guards, so refused requests are in the access log too. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AccessTrackingMiddleware).forRoutes(VideoStreamController);
  }

  static register(
    config: StreamConfig,
    overrides: AppModuleOverrides = {},
  ): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceModules(SERVICE_NAME),
        AuthModule.forRoot(authOptionsOf(config, overrides.jwks)),
      ],
      controllers: [
        VideoStreamController,
        VideoUploadController,
        ResumableUploadController,
        HlsController,
        VideoStatusController,
        VideoCatalogueController,
        PlaybackController,
        PlayerController,
        HealthController,
      ],
      providers: [
        ...serviceProviders({
          config: [APP_CONFIG, config],
          errorStatusMap,
          kafkaBrokers: config.KAFKA_BROKERS,
        }),
        { provide: S3_AGENTS, useFactory: () => createS3Agents(config) },
        {
          provide: S3_CLIENT,
          useFactory: (agents: S3Agents) =>
            createStreamS3Client(config, agents),
          inject: [S3_AGENTS],
        },
        {
          provide: KAFKA_PRODUCER,
          useFactory: () => createKafkaProducer(config),
        },
        { provide: OBJECT_STORAGE, useClass: S3ObjectStorage },
        KafkaAccessEventPublisher,
        {
          provide: ACCESS_EVENT_PUBLISHER,
          useExisting: KafkaAccessEventPublisher,
        },
        ...streamMetricProviders,
        ...resumableUploadProviders,
        { provide: RESUMABLE_UPLOAD_PROTOCOL, useExisting: TUS_SERVER },
        { provide: RENDITION_CATALOGUE, useClass: S3RenditionCatalogue },
        HlsUrls,
        ServeRenditionUseCase,
        VideoStatusUseCase,
        StreamVideoUseCase,
        RecordVideoAccessUseCase,
        IssuePlaybackUrlUseCase,
        UploadVideoUseCase,
        ListVideosUseCase,
        DeleteVideoUseCase,
        VerifyPlaybackUrlUseCase,
        { provide: DELIVERY_RECORDER, useClass: PrometheusDeliveryRecorder },
        AccessTracker,
        AccessTrackingMiddleware,
        BearerOrSignedUrlGuard,
        StrictQueryParserInstaller,
        LeanPlaybackRoute,
        ReadinessProbes,
        S3Readiness,
        KafkaProducerReadiness,
        ...edgeLogShipperProviders(config),
        // Read from memory (background probes): fast however slow S3 or Kafka is.
        readinessChecks(
          S3Readiness,
          KafkaProducerReadiness,
          ...(config.EDGE_LOG_PATH ? [EdgeShippingMonitor] : []),
        ),
      ],
    };
  }
}

/** The completion-log shipper runs where a gateway writes one for this service (ADR 0021). */
function edgeLogShipperProviders(config: StreamConfig): Provider[] {
  const path = config.EDGE_LOG_PATH;
  if (!path) return [];
  return [
    {
      provide: COMPLETION_LOG,
      useFactory: () =>
        new TailedCompletionLog(
          path,
          config.EDGE_LOG_POSITION_PATH ?? `${path}.position`,
        ),
    },
    KafkaAcknowledgedPublisher,
    {
      provide: ACKNOWLEDGED_EVENT_PUBLISHER,
      useExisting: KafkaAcknowledgedPublisher,
    },
    ShipEdgeCompletionsUseCase,
    EdgeShippingMonitor,
    { provide: EDGE_SHIPPING_RECORDER, useExisting: EdgeShippingMonitor },
    EdgeLogShipperRunner,
  ];
}
