import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { videoAccessedJsonSchema } from './json-schema';

describe('committed JSON Schema', () => {
  it('matches the zod schema (regenerate with `npx nx run contracts:json-schema`)', () => {
    const committed = JSON.parse(
      readFileSync(
        join(__dirname, '..', '..', 'schemas', 'video-accessed.v1.schema.json'),
        'utf8',
      ),
    );
    expect(committed).toEqual(videoAccessedJsonSchema());
  });
});
