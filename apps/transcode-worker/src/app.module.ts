import { Module, type DynamicModule } from '@nestjs/common';
import {
  KafkaConsumerReadiness,
  provideKafkaTransport,
} from '@video-streaming/kafka-transport';
import {
  HealthController,
  readinessChecks,
  serviceProviders,
} from '@video-streaming/platform';
import { serviceModules } from '@video-streaming/telemetry';
import {
  createS3Client,
  S3_CLIENT,
  S3_READINESS,
  s3Readiness,
} from '@video-streaming/s3';
import {
  JOB_CONCURRENCY,
  TranscodeJobRunner,
} from './application/transcode-video/job-runner';
import {
  TRANSCODE_SETTINGS,
  type TranscodeSettings,
} from './application/transcode-video/transcode-settings';
import { TranscodeVideoUseCase } from './application/transcode-video/transcode-video.use-case';
import { errorStatusMap } from './common/error-status.map';
import { APP_CONFIG, type WorkerConfig } from './config';
import { MEDIA_ENCODER, MEDIA_PROBER } from './domain/media-toolkit.port';
import { TRANSCODE_OBSERVER } from './domain/transcode-observer.port';
import { VIDEO_EVENTS } from './domain/video-events.port';
import { VIDEO_STORAGE } from './domain/video-storage.port';
import { FfmpegMediaToolkit } from './infra/ffmpeg/ffmpeg.media-toolkit';
import {
  KAFKA_PRODUCER,
  createKafkaProducer,
} from './infra/kafka/kafka-producer.factory';
import { KafkaVideoEventsPublisher } from './infra/kafka/kafka-video-events.publisher';
import { transportOptions } from './infra/kafka/transport-options';
import { MetricsTranscodeObserver } from './infra/observability/metrics-transcode.observer';
import { TelemetryShutdown } from './infra/observability/telemetry-shutdown';
import { transcodeMetricProviders } from './infra/observability/transcode.metrics';
import { FfmpegReadiness } from './infra/ffmpeg/ffmpeg.readiness';
import { S3VideoStorage } from './infra/s3/s3-video.storage';
import { VideoUploadedHandler } from './interfaces/kafka/video-uploaded.handler';

export const SERVICE_NAME = 'transcode-worker';

const settingsOf = (c: WorkerConfig): TranscodeSettings => ({
  workDir: c.TRANSCODE_WORK_DIR,
  segmentSeconds: c.TRANSCODE_SEGMENT_SECONDS,
  maxHeight: c.TRANSCODE_MAX_HEIGHT,
  maxDurationSeconds: c.TRANSCODE_MAX_DURATION_SECONDS,
});

@Module({})
export class AppModule {
  static register({ config }: { config: WorkerConfig }): DynamicModule {
    return {
      module: AppModule,
      imports: serviceModules(SERVICE_NAME),
      controllers: [HealthController, VideoUploadedHandler],
      providers: [
        ...serviceProviders({
          config: [APP_CONFIG, config],
          errorStatusMap,
          kafkaBrokers: config.KAFKA_BROKERS,
        }),
        { provide: TRANSCODE_SETTINGS, useValue: settingsOf(config) },
        { provide: JOB_CONCURRENCY, useValue: config.TRANSCODE_CONCURRENCY },
        ...provideKafkaTransport({
          useFactory: () => transportOptions(config),
        }),
        {
          provide: KAFKA_PRODUCER,
          useFactory: () => createKafkaProducer(config),
        },
        // The timeouts make an unreachable S3 fail fast: the job is retried.
        {
          provide: S3_CLIENT,
          useFactory: () => createS3Client(config, { maxAttempts: 3 }),
        },
        { provide: VIDEO_STORAGE, useClass: S3VideoStorage },
        FfmpegMediaToolkit,
        { provide: MEDIA_PROBER, useExisting: FfmpegMediaToolkit },
        { provide: MEDIA_ENCODER, useExisting: FfmpegMediaToolkit },
        { provide: VIDEO_EVENTS, useClass: KafkaVideoEventsPublisher },
        { provide: TRANSCODE_OBSERVER, useClass: MetricsTranscodeObserver },
        ...transcodeMetricProviders,
        KafkaConsumerReadiness,
        s3Readiness(config.S3_BUCKET),
        FfmpegReadiness,
        readinessChecks(KafkaConsumerReadiness, S3_READINESS, FfmpegReadiness),
        TranscodeVideoUseCase,
        TranscodeJobRunner,
        TelemetryShutdown,
      ],
    };
  }
}
