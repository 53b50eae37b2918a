import { z } from 'zod';
import type { EdgeCompletionRecord } from '../record-video-access/edge-access';

/** One line of the gateway's edge_completion log_format (docker/gateway/nginx.conf.template). */
const completionRecordSchema = z.object({
  id: z.uuid(),
  time: z.string().refine((t) => !Number.isNaN(Date.parse(t)), 'not a time'),
  status: z.number().int().min(100).max(599),
  bytesSent: z.number().int().min(0),
  completion: z.string(),
  requestTimeSeconds: z.number().min(0),
  context: z.string().min(1).max(16_384),
});

export type ParsedRecord =
  | { ok: true; record: EdgeCompletionRecord }
  | { ok: false; reason: string };

export function parseCompletionRecord(line: string): ParsedRecord {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const parsed = completionRecordSchema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      reason: parsed.error.issues
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; '),
    };
  return { ok: true, record: parsed.data };
}
