import { Inject, Injectable } from '@nestjs/common';
import {
  ANONYMOUS_USER_ID,
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
import { isRefusal, reasonForStatus } from './refusal-reason';
import { describeRequestedVideo } from './requested-video';

export interface VideoAccess {
  /** Undefined when the request was refused before authentication (401). */
  userId: string | undefined;
  /** The `filename` query value as parsed, whatever it is: validated here, not trusted. */
  filename: unknown;
  /** The domain error code of a refusal, when there was one. */
  refusalCode?: string;
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
  /** The playback session the request belongs to (HLS grants carry one; ADR 0026). */
  sessionId?: string;
}

/** An event's id and time: new for an access recorded here, the gateway's for an edge access. */
export interface EventIdentity {
  eventId: string;
  occurredAt: string;
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

/**
 * Builds an event every v1 consumer accepts, for any outcome: refused requests get the
 * placeholder key, the escaped name and the reason (ADR 0016).
 */
export function toEvent(
  access: VideoAccess,
  identity: EventIdentity = {
    eventId: randomUUID(),
    occurredAt: new Date().toISOString(),
  },
): VideoAccessedEvent {
  const { videoKey, ...requested } = describeRequestedVideo(access.filename);
  return {
    schemaVersion: VIDEO_ACCESSED_SCHEMA_VERSION,
    eventId: identity.eventId,
    occurredAt: identity.occurredAt,
    userId: access.userId?.slice(0, 256) || ANONYMOUS_USER_ID,
    videoKey,
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
    ...(access.sessionId ? { sessionId: access.sessionId } : {}),
    ...(isRefusal(access.status)
      ? {
          refusal: {
            reason: access.refusalCode ?? reasonForStatus(access.status),
            ...requested,
          },
        }
      : {}),
  };
}
