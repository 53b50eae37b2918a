import { Inject, Injectable } from '@nestjs/common';
import { context, propagation } from '@opentelemetry/api';
import type { AuthenticatedRequest } from '@video-streaming/auth';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  encodeEdgeAccess,
  type EdgeAccessContext,
} from '../../application/record-video-access/edge-access';
import { RecordVideoAccessUseCase } from '../../application/record-video-access/record-video-access.use-case';
import {
  DELIVERY_RECORDER,
  type DeliveryRecorder,
} from '../../domain/delivery-recorder.port';

/** One response being watched: `count` the body's bytes, mark failures and refusals. */
export interface TrackedAccess {
  count(body: Readable): void;
  fail(): void;
  /** The domain code the request was refused with (the event's refusal reason). */
  refuse(code: string): void;
  /** The playback session a signed URL names (once its signature is checked). */
  joinSession(sessionId: string): void;
  /**
   * The edge gateway sends the bytes and records the access (ADR 0021): no event from here; the
   * returned id and context travel to the gateway's completion record.
   */
  handOff(): EdgeTicket;
}

export interface EdgeTicket {
  /** Becomes the event id: a record shipped twice is still one row. */
  id: string;
  context: string;
}

const LOCALS_KEY = 'videoAccess';

/** The access tracked for this response (by AccessTrackingMiddleware), if any. */
export const trackedAccessOf = (res: Response): TrackedAccess | undefined =>
  res.locals[LOCALS_KEY] as TrackedAccess | undefined;

/**
 * Emits the access event when the response ends (finish or close), with what the client really
 * got: bytes written, status, and whether it completed, was aborted by the client, or failed.
 * It starts before authentication, so refusals (401, 403, 400) are recorded too.
 */
@Injectable()
export class AccessTracker {
  constructor(
    private readonly record: RecordVideoAccessUseCase,
    @Inject(DELIVERY_RECORDER) private readonly delivery: DeliveryRecorder,
  ) {}

  /**
   * `about.filename`: the video the access is about when the URL does not say it in
   * `?filename=` (an HLS segment is an access to its video); `about.sessionId`: its playback session.
   */
  track(
    req: Request,
    res: Response,
    about: { filename?: string; sessionId?: string } = {},
  ): TrackedAccess {
    const started = performance.now();
    // The trace context of the request, captured now: 'close' fires outside it.
    const requestContext = context.active();
    const carrier: Record<string, string> = {};
    propagation.inject(requestContext, carrier);
    // pino-http, the metrics interceptor, stream.pipeline and we all watch 'close' on a video response.
    res.setMaxListeners(32);
    let sessionId = about.sessionId;
    const describe = (): EdgeAccessContext => ({
      userId: (req as AuthenticatedRequest).principal?.userId,
      filename: about.filename ?? req.query['filename'],
      ...(sessionId ? { sessionId } : {}),
      method: req.method === 'HEAD' ? 'HEAD' : 'GET',
      range: req.headers.range ?? null,
      userAgent: req.headers['user-agent'] ?? null,
      ip: req.ip,
      traceparent: carrier['traceparent'] ?? null,
      tracestate: carrier['tracestate'] ?? null,
    });
    let bytes = 0;
    let failed = false;
    let refusalCode: string | undefined;
    let handedOff = false;
    this.delivery.streamOpened();
    res.once('close', () => {
      if (handedOff) return this.delivery.streamClosed(0);
      // Bytes still queued in Node when the connection died never reached the client.
      const sent = res.writableFinished
        ? bytes
        : Math.max(0, bytes - res.writableLength);
      this.delivery.streamClosed(sent);
      const outcome =
        failed || (res.writableFinished && res.statusCode >= 500)
          ? 'failed'
          : res.writableFinished
            ? 'completed'
            : 'aborted';
      const access = {
        ...describe(),
        refusalCode,
        status: res.statusCode,
        bytesSent: sent,
        durationMs: performance.now() - started,
        outcome,
      } as const;
      // Published inside the request's context, so the producer span is a child of the request's.
      context.with(requestContext, () => this.record.execute(access));
    });
    const tracked: TrackedAccess = {
      // A listener, not a Transform in the pipeline: one stream hop less per chunk (see BENCHMARKS.md).
      count: (body) =>
        body.on('data', (chunk: Buffer) => (bytes += chunk.length)),
      fail: () => (failed = true),
      refuse: (code) => (refusalCode = code),
      joinSession: (id) => (sessionId = id),
      handOff: () => {
        handedOff = true;
        return { id: randomUUID(), context: encodeEdgeAccess(describe()) };
      },
    };
    res.locals[LOCALS_KEY] = tracked;
    return tracked;
  }
}
