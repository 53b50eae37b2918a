import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Inject, Injectable } from '@nestjs/common';
import { createWriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { APP_CONFIG, type WorkerConfig } from '../../config';
import type {
  FailureRecord,
  Publication,
  ReadyManifest,
  SourceIdentity,
} from '../../domain/video-manifest';
import type { VideoStorage } from '../../domain/video-storage.port';
import { cacheControlOf, contentTypeOf } from './content-types';
import { parseFailure, parseManifest } from './manifest-codec';
import { S3_CLIENT } from '@video-streaming/s3';

const UPLOAD_PARALLELISM = 4;

/** The `videos` bucket: sources at their key, publications under `<HLS_PREFIX><key>/`. */
@Injectable()
export class S3VideoStorage implements VideoStorage {
  constructor(
    @Inject(S3_CLIENT) private readonly s3: S3Client,
    @Inject(APP_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async headSource(key: string): Promise<SourceIdentity | null> {
    try {
      const head = await this.s3.send(
        new HeadObjectCommand({ Bucket: this.config.S3_BUCKET, Key: key }),
      );
      return { etag: head.ETag ?? '', size: head.ContentLength ?? 0 };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async downloadSource(key: string, toFile: string, signal: AbortSignal) {
    const object = await this.s3.send(
      new GetObjectCommand({ Bucket: this.config.S3_BUCKET, Key: key }),
      { abortSignal: signal },
    );
    await pipeline(object.Body as Readable, createWriteStream(toFile), {
      signal,
    });
  }

  async readPublication(key: string): Promise<Publication> {
    const [manifest, failure] = await Promise.all([
      this.readJson(key, 'manifest.json'),
      this.readJson(key, 'failed.json'),
    ]);
    return {
      manifest: manifest === null ? null : parseManifest(manifest),
      failure: failure === null ? null : parseFailure(failure),
    };
  }

  async publishDirectory(
    key: string,
    localDir: string,
    subdir: string,
    signal: AbortSignal,
  ): Promise<string[]> {
    const files = (
      await readdir(localDir, { recursive: true, withFileTypes: true })
    )
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name));
    const keys: string[] = [];
    // The playlist last: it names segments that must already be there.
    const playlists = files.filter((f) => f.endsWith('.m3u8'));
    const media = files.filter((f) => !f.endsWith('.m3u8'));
    for (const batch of [media, playlists]) {
      for (let i = 0; i < batch.length; i += UPLOAD_PARALLELISM) {
        const chunk = batch.slice(i, i + UPLOAD_PARALLELISM);
        keys.push(
          ...(await Promise.all(
            chunk.map(async (file) =>
              this.publishFile(
                key,
                `${subdir}/${relative(localDir, file)}`,
                await readFile(file),
                signal,
              ),
            ),
          )),
        );
      }
    }
    return keys;
  }

  async publishFile(
    key: string,
    name: string,
    body: Buffer | string,
    signal: AbortSignal,
  ): Promise<string> {
    const target = this.publishedKey(key, name);
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.config.S3_BUCKET,
        Key: target,
        Body: body,
        ContentType: contentTypeOf(name),
        CacheControl: cacheControlOf(name),
      }),
      { abortSignal: signal },
    );
    return target;
  }

  publishedKey(key: string, name: string): string {
    return `${this.config.HLS_PREFIX}${key}/${name}`;
  }

  async writeManifest(manifest: ReadyManifest, signal: AbortSignal) {
    const body = JSON.stringify(manifest, null, 2);
    await this.publishFile(manifest.videoKey, 'manifest.json', body, signal);
  }

  async writeFailure(failure: FailureRecord, signal: AbortSignal) {
    const body = JSON.stringify(failure, null, 2);
    await this.publishFile(failure.videoKey, 'failed.json', body, signal);
  }

  private async readJson(key: string, name: string): Promise<string | null> {
    try {
      const object = await this.s3.send(
        new GetObjectCommand({
          Bucket: this.config.S3_BUCKET,
          Key: this.publishedKey(key, name),
        }),
      );
      return (await object.Body?.transformToString()) ?? null;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NotFound' ||
      error.name === 'NoSuchKey' ||
      error.$metadata.httpStatusCode === 404)
  );
}
