import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import {
  OBJECT_STORAGE,
  type ByteRange,
  type ObjectStorage,
  type VideoMetadata,
} from '../../domain/object-storage.port';
import type { VideoKey } from '../../domain/video-key';
import { planDelivery, type DeliveryRequest } from './delivery-plan';

export interface StreamVideoCommand extends DeliveryRequest {
  key: VideoKey;
  /** Aborted when the client goes away: the storage read is cancelled with it. */
  signal: AbortSignal;
}

export type StreamVideoResult =
  | { kind: 'not-modified'; video: VideoMetadata }
  | { kind: 'range-not-satisfiable'; video: VideoMetadata }
  | { kind: 'full'; video: VideoMetadata; body: Readable | undefined }
  | {
      kind: 'partial';
      video: VideoMetadata;
      range: ByteRange;
      body: Readable | undefined;
    };

/** Decides what a GET/HEAD of a video answers and opens the bytes to send, if any. */
@Injectable()
export class StreamVideoUseCase {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
  ) {}

  async execute(command: StreamVideoCommand): Promise<StreamVideoResult> {
    const video = await this.storage.head(command.key);
    const plan = planDelivery(video, command);
    switch (plan.kind) {
      case 'not-modified':
      case 'range-not-satisfiable':
        return { kind: plan.kind, video };
      case 'full':
        return {
          kind: 'full',
          video,
          body: await this.open(command, undefined, video),
        };
      case 'partial':
        return {
          kind: 'partial',
          video,
          range: plan.range,
          body: await this.open(command, plan.range, video),
        };
    }
  }

  private open(
    command: StreamVideoCommand,
    range: ByteRange | undefined,
    video: VideoMetadata,
  ) {
    // An empty object has no bytes to ask for (a Range of 0-(-1) would be invalid).
    if (command.method === 'HEAD' || video.size === 0)
      return Promise.resolve(undefined);
    return this.storage.read(command.key, range, command.signal);
  }
}
