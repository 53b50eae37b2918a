import { z } from 'zod';
import { videoAccessedEventV1Schema } from './video-accessed.event';

/** The JSON Schema committed under libs/contracts/schemas, for consumers outside TypeScript. */
export function videoAccessedJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://video-streaming.local/schemas/video-accessed.v1.schema.json',
    title: 'video-accessed v1',
    ...z.toJSONSchema(videoAccessedEventV1Schema, { target: 'draft-2020-12' }),
  };
}
