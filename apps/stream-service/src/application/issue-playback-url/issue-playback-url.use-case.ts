import { Inject, Injectable } from '@nestjs/common';
import { STREAM_CONFIG, type StreamConfig } from '../../config';
import {
  OBJECT_STORAGE,
  type ObjectStorage,
} from '../../domain/object-storage.port';
import { PlaybackSignature } from '../../domain/playback-signature';
import type { VideoKey } from '../../domain/video-key';
import { RecordVideoAccessUseCase } from '../record-video-access/record-video-access.use-case';

export interface PlaybackUrl {
  url: string;
  expiresAt: string;
}

export interface IssuePlaybackUrlCommand {
  key: VideoKey;
  userId: string;
  client: {
    userAgent: string | null;
    ip: string | undefined;
    traceparent: string | null;
  };
}

/**
 * A short-lived URL for one video and one user. `signed`: our own HMAC URL, bytes flow through
 * this service. `presigned`: S3 serves the bytes, so the access is recorded now, at issue time.
 */
@Injectable()
export class IssuePlaybackUrlUseCase {
  private readonly signature: PlaybackSignature;

  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(STREAM_CONFIG) private readonly config: StreamConfig,
    private readonly recordAccess: RecordVideoAccessUseCase,
  ) {
    this.signature = new PlaybackSignature(config.PLAYBACK_URL_SECRET);
  }

  async execute({
    key,
    userId,
    client,
  }: IssuePlaybackUrlCommand): Promise<PlaybackUrl> {
    const started = performance.now();
    const video = await this.storage.head(key);
    const ttl = this.config.PLAYBACK_URL_TTL_SECONDS;
    const expiresAt = Math.floor(Date.now() / 1000) + ttl;
    if (this.config.PLAYBACK_MODE === 'presigned') {
      const url = await this.storage.presignRead(key, ttl);
      this.recordAccess.execute({
        userId,
        filename: key.value,
        method: 'GET',
        range: null,
        status: 200,
        bytesSent: 0,
        durationMs: performance.now() - started,
        outcome: 'completed',
        ...client,
      });
      return { url, expiresAt: new Date(expiresAt * 1000).toISOString() };
    }
    const query = new URLSearchParams({
      filename: video.key,
      uid: userId,
      exp: String(expiresAt),
      sig: this.signature.sign(key, userId, expiresAt),
    });
    const url = new URL(
      `/v1/api/video?${query.toString()}`,
      this.config.PUBLIC_BASE_URL,
    ).toString();
    return { url, expiresAt: new Date(expiresAt * 1000).toISOString() };
  }
}
