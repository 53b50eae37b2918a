import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import { APP_CONFIG, type StreamConfig } from '../../config';
import type {
  HlsManifest,
  RenditionCatalogue,
  TranscodeFailure,
} from '../../domain/rendition-catalogue.port';
import { renditionPrefix } from '../../domain/rendition-path';
import type { VideoKey } from '../../domain/video-key';
import { S3_CLIENT } from '@video-streaming/s3';
import { mapS3Error } from './s3-error.mapper';

// Lenient: the worker may add fields (zod objects drop unknown keys).
const manifestSchema = z.object({
  ladder: z.enum(['early', 'final']),
  sourceEtag: z.string().optional(),
  durationSeconds: z.number().nonnegative(),
  renditions: z.array(
    z.object({
      height: z.number().int().positive(),
      width: z.number().int().positive(),
      bandwidth: z.number().int().positive(),
      codecs: z.string(),
      playlistKey: z.string(),
    }),
  ),
  masterPlaylistKey: z.string(),
  posterKey: z.string().nullable().optional(),
});
const failureSchema = z.object({
  sourceEtag: z.string().optional(),
  reason: z.object({ code: z.string(), message: z.string() }),
});

/** Reads what the transcode-worker wrote under `hls/<key>/` (the layout agreed with it). */
@Injectable()
export class S3RenditionCatalogue implements RenditionCatalogue {
  private readonly logger = new Logger(S3RenditionCatalogue.name);
  private readonly bucket: string;

  constructor(
    @Inject(S3_CLIENT) private readonly s3: S3Client,
    @Inject(APP_CONFIG) config: StreamConfig,
  ) {
    this.bucket = config.S3_BUCKET;
  }

  async manifest(video: VideoKey): Promise<HlsManifest | undefined> {
    const parsed = manifestSchema.safeParse(
      await this.readJson(`${renditionPrefix(video.value)}manifest.json`),
    );
    if (!parsed.success) return undefined;
    return {
      ...parsed.data,
      sourceEtag: parsed.data.sourceEtag,
      posterKey: parsed.data.posterKey ?? null,
    };
  }

  async failure(video: VideoKey): Promise<TranscodeFailure | undefined> {
    const parsed = failureSchema.safeParse(
      await this.readJson(`${renditionPrefix(video.value)}failed.json`),
    );
    return parsed.success
      ? { ...parsed.data, sourceEtag: parsed.data.sourceEtag }
      : undefined;
  }

  async removeAll(video: VideoKey): Promise<void> {
    let token: string | undefined;
    do {
      const page = await this.s3
        .send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: renditionPrefix(video.value),
            ContinuationToken: token,
          }),
        )
        .catch((e: unknown) => Promise.reject(mapS3Error(e)));
      for (const object of page.Contents ?? [])
        if (object.Key)
          await this.s3.send(
            new DeleteObjectCommand({ Bucket: this.bucket, Key: object.Key }),
          );
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** The JSON document at `key`, undefined when there is none; a document that does not parse is logged. */
  private async readJson(key: string): Promise<unknown> {
    try {
      const out = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key }),
      );
      const text = (await out.Body?.transformToString('utf8')) ?? '';
      try {
        return JSON.parse(text);
      } catch {
        this.logger.warn(`${key} is not JSON: ignored`);
        return undefined;
      }
    } catch (error) {
      const mapped = mapS3Error(error, key) as { code?: string };
      if (mapped.code === 'VIDEO_NOT_FOUND') return undefined;
      throw mapped;
    }
  }
}
