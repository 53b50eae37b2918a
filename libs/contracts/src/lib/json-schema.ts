import { z } from 'zod';
import { videoAccessedEventV1Schema } from './video-accessed.event';

/**
 * The JSON Schema committed under libs/contracts/schemas, for consumers outside TypeScript.
 * Generated for the parser's input (`io: 'input'`): like parseVideoAccessedEvent, it lets
 * properties it does not know through, so events carrying optional fields added to v1 later
 * stay valid for a validator built from an older copy (ADR 0016).
 */
export function videoAccessedJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://video-streaming.local/schemas/video-accessed.v1.schema.json',
    title: 'video-accessed v1',
    ...z.toJSONSchema(videoAccessedEventV1Schema, {
      target: 'draft-2020-12',
      io: 'input',
    }),
  };
}
