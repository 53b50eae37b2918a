import type { Provider } from '@nestjs/common';
import { VIDEO_UPLOADED_TOPIC } from '@video-streaming/contracts';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  ERROR_STATUS_MAP,
  type ErrorStatusMap,
} from '@video-streaming/platform';
import { FinishResumableUploadUseCase } from '../../application/resumable-upload/finish-resumable-upload.use-case';
import { StartResumableUploadUseCase } from '../../application/resumable-upload/start-resumable-upload.use-case';
import { APP_CONFIG, type StreamConfig } from '../../config';
import { VIDEO_UPLOADED_OUTBOX } from '../../domain/event-outbox.port';
import { UPLOAD_STAGING } from '../../domain/upload-staging.port';
import { VIDEO_LIFECYCLE_PUBLISHER } from '../../domain/video-lifecycle-publisher.port';
import {
  createLifecycleProducer,
  KAFKA_LIFECYCLE_PRODUCER,
} from '../kafka/kafka-producer.factory';
import { KafkaLifecyclePublisher } from '../kafka/kafka-lifecycle.publisher';
import { S3_CLIENT, s3ClientConfig } from '@video-streaming/s3';
import { S3EventOutbox } from '../s3/s3-event-outbox.adapter';
import { ExpiredUploadSweeper } from './expired-upload.sweeper';
import { PgAdvisoryLocker } from './pg-advisory-locker';
import { S3UploadStaging } from './s3-upload-staging.adapter';
import { StagedUploadStore } from './staged-upload.store';
import { createTusServer, TUS_SERVER } from './tus-server.factory';

/** Everything behind /v1/api/uploads and the `video-uploaded` announcements (ADR 0025). */
export const resumableUploadProviders: Provider[] = [
  {
    provide: KAFKA_LIFECYCLE_PRODUCER,
    useFactory: createLifecycleProducer,
    inject: [APP_CONFIG],
  },
  {
    provide: VIDEO_UPLOADED_OUTBOX,
    useFactory: (s3: S3Client, config: StreamConfig) =>
      new S3EventOutbox(s3, config.S3_BUCKET, VIDEO_UPLOADED_TOPIC),
    inject: [S3_CLIENT, APP_CONFIG],
  },
  KafkaLifecyclePublisher,
  { provide: VIDEO_LIFECYCLE_PUBLISHER, useExisting: KafkaLifecyclePublisher },
  { provide: UPLOAD_STAGING, useClass: S3UploadStaging },
  StartResumableUploadUseCase,
  FinishResumableUploadUseCase,
  {
    provide: PgAdvisoryLocker,
    useFactory: (config: StreamConfig) =>
      new PgAdvisoryLocker({
        connectionString: config.UPLOAD_LOCK_DATABASE_URL,
        acquireTimeoutMs: config.UPLOAD_LOCK_TIMEOUT_MS,
        poolMax: config.UPLOAD_LOCK_POOL_MAX,
      }),
    inject: [APP_CONFIG],
  },
  {
    provide: StagedUploadStore,
    useFactory: (config: StreamConfig) =>
      new StagedUploadStore({
        bucket: config.S3_BUCKET,
        partSize: config.UPLOAD_PART_BYTES,
        expiryMs: config.UPLOAD_EXPIRY_SECONDS * 1000,
        s3: s3ClientConfig(config),
      }),
    inject: [APP_CONFIG],
  },
  ExpiredUploadSweeper,
  {
    provide: TUS_SERVER,
    useFactory: (
      config: StreamConfig,
      store: StagedUploadStore,
      locker: PgAdvisoryLocker,
      start: StartResumableUploadUseCase,
      finish: FinishResumableUploadUseCase,
      statusOf: ErrorStatusMap,
    ) => createTusServer({ config, store, locker, start, finish, statusOf }),
    inject: [
      APP_CONFIG,
      StagedUploadStore,
      PgAdvisoryLocker,
      StartResumableUploadUseCase,
      FinishResumableUploadUseCase,
      ERROR_STATUS_MAP,
    ],
  },
];
