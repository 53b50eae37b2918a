import type { ErrorStatusMap } from '@video-streaming/platform';

/** The worker serves only health and metrics over HTTP: no domain error reaches a response. */
export const errorStatusMap: ErrorStatusMap = {};
