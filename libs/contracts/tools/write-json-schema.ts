// Regenerates schemas/*.schema.json from the zod schemas (nx run contracts:json-schema).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { videoAccessedJsonSchema } from '../src/lib/json-schema';
import { LIFECYCLE_JSON_SCHEMAS } from '../src/lib/lifecycle-json-schema';

const schemas: Record<string, () => Record<string, unknown>> = {
  'video-accessed.v1.schema.json': videoAccessedJsonSchema,
  ...LIFECYCLE_JSON_SCHEMAS,
};
for (const [file, build] of Object.entries(schemas)) {
  const target = join(__dirname, '..', 'schemas', file);
  writeFileSync(target, `${JSON.stringify(build(), null, 2)}\n`);
  console.log(`wrote ${target}`);
}
