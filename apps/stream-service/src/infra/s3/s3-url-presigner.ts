import { SignatureV4 } from '@smithy/signature-v4';
import type { StreamConfig } from '../../config';
import { Sha256Hash } from './sha256-hash';

/**
 * Presigned GET URLs with the Signature V4 implementation the S3 client already ships
 * (@aws-sdk/s3-request-presigner is not a dependency of this workspace).
 */
export class S3UrlPresigner {
  private readonly signer: SignatureV4;
  private readonly endpoint: URL;

  constructor(private readonly config: StreamConfig) {
    this.endpoint = new URL(config.S3_ENDPOINT);
    this.signer = new SignatureV4({
      service: 's3',
      region: config.S3_REGION,
      credentials: {
        accessKeyId: config.S3_ACCESS_KEY_ID,
        secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      },
      sha256: Sha256Hash,
      // S3 signs the path as sent: the key is escaped once, here, not twice.
      uriEscapePath: false,
    });
  }

  async presignGet(key: string, ttlSeconds: number): Promise<string> {
    const path = `/${this.config.S3_BUCKET}/${key.split('/').map(encodeURIComponent).join('/')}`;
    const signed = await this.signer.presign(
      {
        method: 'GET',
        protocol: this.endpoint.protocol,
        hostname: this.endpoint.hostname,
        port: this.endpoint.port ? Number(this.endpoint.port) : undefined,
        path,
        query: {},
        // As @aws-sdk/s3-request-presigner does: the body of a GET is not part of the signature.
        headers: {
          host: this.endpoint.host,
          'x-amz-content-sha256': 'UNSIGNED-PAYLOAD',
        },
      },
      { expiresIn: ttlSeconds },
    );
    const query = new URLSearchParams(
      signed.query as Record<string, string>,
    ).toString();
    return `${this.endpoint.origin}${path}?${query}`;
  }
}
