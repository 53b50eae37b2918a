// Regenerates schemas/video-accessed.v1.schema.json from the zod schema (nx run contracts:json-schema).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { videoAccessedJsonSchema } from '../src/lib/json-schema';

const target = join(__dirname, '..', 'schemas', 'video-accessed.v1.schema.json');
writeFileSync(target, `${JSON.stringify(videoAccessedJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
