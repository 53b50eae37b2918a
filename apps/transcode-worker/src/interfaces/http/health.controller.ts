import {
  Controller,
  Get,
  HttpStatus,
  Inject,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import type { Response } from 'express';
import { KafkaServer } from '@video-streaming/kafka-transport';
import { KafkaReachability } from '@video-streaming/platform';
import {
  MEDIA_ENCODER,
  type MediaEncoder,
} from '../../domain/media-toolkit.port';
import { S3Reachability } from '../../infra/s3/s3-reachability';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly kafkaProbe: KafkaReachability,
    private readonly transport: KafkaServer,
    private readonly s3: S3Reachability,
    @Inject(MEDIA_ENCODER) private readonly media: MediaEncoder,
  ) {}

  /** The process answers: restart it only when this fails (a long job is not a reason). */
  @Get('live')
  live(@Res({ passthrough: true }) response: Response) {
    return this.report(this.health.check([]), response);
  }

  /** Kafka (brokers and group), S3 (the bucket) and ffmpeg, each named, so a 503 says what is wrong. */
  @Get('ready')
  ready(@Res({ passthrough: true }) response: Response) {
    return this.report(
      this.health.check([
        () => this.kafka(),
        () => this.bucket(),
        () => this.ffmpeg(),
      ]),
      response,
    );
  }

  /** Terminus' 503 carries the per-dependency details; the global JSON filter would flatten them away. */
  private async report(
    check: Promise<HealthCheckResult>,
    response: Response,
  ): Promise<unknown> {
    try {
      return await check;
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return error.getResponse();
    }
  }

  private async kafka() {
    const session = this.indicator.check('kafka');
    const probe = await this.kafkaProbe.check();
    const { connected, joined } = this.transport.consumerStatus();
    if (!probe.reachable)
      return session.down({ message: `brokers unreachable: ${probe.error}` });
    return connected && joined
      ? session.up()
      : session.down({
          connected,
          joined,
          message: 'consumer group not joined',
        });
  }

  private async bucket() {
    const session = this.indicator.check('s3');
    const result = await this.s3.check();
    return result.reachable
      ? session.up()
      : session.down({ message: result.error });
  }

  private async ffmpeg() {
    const session = this.indicator.check('ffmpeg');
    return (await this.media.available())
      ? session.up()
      : session.down({
          message: 'ffmpeg or ffprobe does not run (FFMPEG_PATH, FFPROBE_PATH)',
        });
  }
}
