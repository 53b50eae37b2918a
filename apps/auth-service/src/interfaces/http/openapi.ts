import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z } from 'zod';

export const DOCS_PATH = 'v1/api/auth/docs';

/** The zod schema that validates a body also documents it: one source of truth. */
export const openApiSchema = (schema: z.ZodType): SchemaObject =>
  z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
  }) as SchemaObject;

export const tokenResponseSchema: SchemaObject = {
  type: 'object',
  required: ['access_token', 'token_type', 'expires_in', 'scope'],
  properties: {
    access_token: { type: 'string', description: 'ES256 JWT' },
    token_type: { type: 'string', enum: ['Bearer'] },
    expires_in: { type: 'integer', description: 'seconds', example: 900 },
    scope: { type: 'string', example: 'video:read' },
  },
};

export const sessionResponseSchema: SchemaObject = {
  ...tokenResponseSchema,
  required: [
    ...(tokenResponseSchema.required ?? []),
    'refresh_token',
    'refresh_expires_in',
  ],
  properties: {
    ...tokenResponseSchema.properties,
    refresh_token: {
      type: 'string',
      description: 'opaque; single use, rotated by /refresh',
    },
    refresh_expires_in: { type: 'integer', description: 'seconds' },
  },
};

export const errorSchema: SchemaObject = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
    code: { type: 'string' },
  },
};

/** Swagger UI at /v1/api/auth/docs, the OpenAPI JSON at /v1/api/auth/docs-json. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('auth-service')
    .setDescription(
      'Issues ES256 access tokens, refresh tokens and OAuth2 client_credentials tokens; publishes the JWKS.',
    )
    .setVersion('1')
    .build();
  const document = () => {
    const doc = SwaggerModule.createDocument(app, config);
    // Operational endpoints (Prometheus) are not part of the API clients use.
    delete doc.paths['/metrics'];
    return doc;
  };
  SwaggerModule.setup(DOCS_PATH, app, document, {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
  });
}
