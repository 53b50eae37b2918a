import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import {
  OBJECT_STORAGE,
  type ByteRange,
  type EdgeSource,
  type ObjectStorage,
  type VideoMetadata,
} from '../../domain/object-storage.port';
import type { VideoKey } from '../../domain/video-key';
import { planDelivery, type DeliveryRequest } from './delivery-plan';

export interface StreamVideoCommand extends DeliveryRequest {
  key: VideoKey;
  /** Aborted when the client goes away: the storage read is cancelled with it. */
  signal: AbortSignal;
  /** edge: the gateway in front fetches the bytes (ADR 0021); proxy (default): opened here. */
  delivery?: 'edge' | 'proxy';
}

/** Bytes to send: a stream opened here, or a source the edge gateway reads itself; none for HEAD. */
export type VideoBytes =
  | { body: Readable | undefined; edge?: undefined }
  | { body?: undefined; edge: EdgeSource };

export type StreamVideoResult =
  | { kind: 'not-modified'; video: VideoMetadata }
  | { kind: 'range-not-satisfiable'; video: VideoMetadata }
  | ({ kind: 'full'; video: VideoMetadata } & VideoBytes)
  | ({ kind: 'partial'; video: VideoMetadata; range: ByteRange } & VideoBytes);

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
          ...(await this.open(command, undefined, video)),
        };
      case 'partial':
        return {
          kind: 'partial',
          video,
          range: plan.range,
          ...(await this.open(command, plan.range, video)),
        };
    }
  }

  private async open(
    command: StreamVideoCommand,
    range: ByteRange | undefined,
    video: VideoMetadata,
  ): Promise<VideoBytes> {
    // An empty object has no bytes to ask for (a Range of 0-(-1) would be invalid); HEAD has none.
    if (command.method === 'HEAD' || video.size === 0)
      return { body: undefined };
    if (command.delivery === 'edge')
      return { edge: await this.storage.edgeSource(command.key) };
    return {
      body: await this.storage.read(command.key, range, command.signal),
    };
  }
}
