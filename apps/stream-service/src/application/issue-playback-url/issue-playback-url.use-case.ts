import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type StreamConfig } from '../../config';
import {
  OBJECT_STORAGE,
  type ObjectStorage,
} from '../../domain/object-storage.port';
import { PlaybackSignature } from '../../domain/playback-signature';
import {
  RENDITION_CATALOGUE,
  type RenditionCatalogue,
} from '../../domain/rendition-catalogue.port';
import type { VideoKey } from '../../domain/video-key';
import { videoState } from '../../domain/video-state';
import { HlsUrls } from '../hls-playback/hls-urls';
import type { PlaybackFormat } from './playback-format';
import { randomUUID } from 'node:crypto';
import { RecordVideoAccessUseCase } from '../record-video-access/record-video-access.use-case';

export interface PlaybackUrl {
  url: string;
  expiresAt: string;
  /** `hls` once the transcode-worker published renditions (ADR 0026), `mp4` until then. */
  type: 'hls' | 'mp4';
  /**
   * The playback session the URL carries (HLS grant or MP4 `sid`): every access of this playback
   * names it in its video-accessed event.
   */
  sessionId: string;
}

export interface IssuePlaybackUrlCommand {
  key: VideoKey;
  /** `auto` (default): HLS when renditions exist; `mp4`: always the uploaded file. */
  format?: PlaybackFormat;
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
    @Inject(APP_CONFIG) private readonly config: StreamConfig,
    private readonly recordAccess: RecordVideoAccessUseCase,
    @Inject(RENDITION_CATALOGUE) private readonly catalogue: RenditionCatalogue,
    private readonly hls: HlsUrls,
  ) {
    this.signature = new PlaybackSignature(config.PLAYBACK_URL_SECRET);
  }

  async execute({
    key,
    userId,
    client,
    format = 'auto',
  }: IssuePlaybackUrlCommand): Promise<PlaybackUrl> {
    const started = performance.now();
    const video = await this.storage.head(key);
    const ttl = this.config.PLAYBACK_URL_TTL_SECONDS;
    const manifest =
      format === 'mp4' ? undefined : await this.catalogue.manifest(key);
    const state = videoState(video.etag, manifest, undefined);
    const sessionId = randomUUID();
    if (state.state === 'ready') {
      // A VOD player fetches segments until the end: the grant outlives the video by the TTL.
      const expiresAt =
        Math.floor(Date.now() / 1000) +
        ttl +
        Math.ceil(state.manifest.durationSeconds);
      return {
        url: this.hls.url(
          { key: key.value, userId, expiresAt, sessionId },
          'master.m3u8',
        ),
        expiresAt: new Date(expiresAt * 1000).toISOString(),
        type: 'hls',
        sessionId,
      };
    }
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
        sessionId,
        ...client,
      });
      return {
        url,
        expiresAt: new Date(expiresAt * 1000).toISOString(),
        type: 'mp4',
        sessionId,
      };
    }
    const query = new URLSearchParams({
      filename: video.key,
      uid: userId,
      exp: String(expiresAt),
      sid: sessionId,
      sig: this.signature.sign(key, userId, expiresAt, sessionId),
    });
    const url = new URL(
      `/v1/api/video?${query.toString()}`,
      this.config.PUBLIC_BASE_URL,
    ).toString();
    return {
      url,
      expiresAt: new Date(expiresAt * 1000).toISOString(),
      type: 'mp4',
      sessionId,
    };
  }
}
