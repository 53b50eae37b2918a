import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type StreamConfig } from '../../config';
import {
  OBJECT_STORAGE,
  type ObjectStorage,
} from '../../domain/object-storage.port';
import {
  RENDITION_CATALOGUE,
  type RenditionCatalogue,
} from '../../domain/rendition-catalogue.port';
import type { VideoKey } from '../../domain/video-key';
import { videoState } from '../../domain/video-state';
import { HlsUrls } from '../hls-playback/hls-urls';

export interface VideoStatus {
  key: string;
  state: 'processing' | 'ready' | 'failed';
  reason?: { code: string; message: string };
  durationSeconds: number | null;
  renditions: { height: number; bandwidth: number }[];
  posterUrl: string | null;
}

/** What a viewer can do with a video now: its state, duration, rungs and a poster URL (signed for them). */
@Injectable()
export class VideoStatusUseCase {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(RENDITION_CATALOGUE) private readonly catalogue: RenditionCatalogue,
    @Inject(APP_CONFIG) private readonly config: StreamConfig,
    private readonly urls: HlsUrls,
  ) {}

  async execute(key: VideoKey, userId: string): Promise<VideoStatus> {
    const source = await this.storage.head(key);
    const [manifest, failure] = await Promise.all([
      this.catalogue.manifest(key),
      this.catalogue.failure(key),
    ]);
    const state = videoState(source.etag, manifest, failure);
    if (state.state !== 'ready')
      return {
        key: key.value,
        state: state.state,
        ...(state.state === 'failed' ? { reason: state.reason } : {}),
        durationSeconds: null,
        renditions: [],
        posterUrl: null,
      };
    const { manifest: ready } = state;
    const expiresAt =
      Math.floor(Date.now() / 1000) + this.config.PLAYBACK_URL_TTL_SECONDS;
    return {
      key: key.value,
      state: 'ready',
      durationSeconds: ready.durationSeconds,
      renditions: ready.renditions
        .map((r) => ({ height: r.height, bandwidth: r.bandwidth }))
        .sort((a, b) => a.height - b.height),
      posterUrl: ready.posterKey
        ? this.urls.url(
            { key: key.value, userId, expiresAt, sessionId: randomUUID() },
            'poster.jpg',
          )
        : null,
    };
  }
}
