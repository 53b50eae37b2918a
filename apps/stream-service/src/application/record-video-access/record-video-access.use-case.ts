import { Inject, Injectable } from '@nestjs/common';
import {
  anonymiseIp,
  VIDEO_ACCESSED_SCHEMA_VERSION,
  type AccessOutcome,
  type VideoAccessedEvent,
} from '@video-streaming/contracts';
import { randomUUID } from 'node:crypto';
import {
  ACCESS_EVENT_PUBLISHER,
  type AccessEventPublisher,
} from '../../domain/access-event-publisher.port';

export interface VideoAccess {
  userId: string;
  videoKey: string;
  method: 'GET' | 'HEAD';
  range: string | null;
  status: number;
  bytesSent: number;
  durationMs: number;
  outcome: AccessOutcome;
  userAgent: string | null;
  ip: string | undefined;
  traceparent: string | null;
  tracestate?: string | null;
}

/** Turns one finished (or abandoned) response into a `video-accessed` v1 event and hands it off. */
@Injectable()
export class RecordVideoAccessUseCase {
  constructor(
    @Inject(ACCESS_EVENT_PUBLISHER)
    private readonly publisher: AccessEventPublisher,
  ) {}

  execute(access: VideoAccess): void {
    this.publisher.publish(toEvent(access));
  }
}

export function toEvent(access: VideoAccess): VideoAccessedEvent {
  return {
    schemaVersion: VIDEO_ACCESSED_SCHEMA_VERSION,
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
    userId: access.userId.slice(0, 256),
    videoKey: access.videoKey,
    request: {
      method: access.method,
      range: access.range?.slice(0, 256) ?? null,
      status: access.status,
      bytesSent: access.bytesSent,
      durationMs: Math.round(access.durationMs * 1000) / 1000,
      outcome: access.outcome,
    },
    client: {
      userAgent: access.userAgent?.slice(0, 512) ?? null,
      ipAnonymised: anonymiseIp(access.ip),
    },
    trace: {
      traceparent: access.traceparent,
      ...(access.tracestate
        ? { tracestate: access.tracestate.slice(0, 512) }
        : {}),
    },
  };
}
