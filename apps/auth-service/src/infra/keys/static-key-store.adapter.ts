import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { KeyStore, SigningKey } from '../../domain/key-store.port';
import { publicJwk } from './public-jwk';

/**
 * One key from AUTH_PRIVATE_KEY (PEM) or AUTH_PRIVATE_KEY_FILE, for deployments whose secret
 * manager hands out a single key. Its kid is the RFC 7638 thumbprint: the same on every replica.
 * Rotating means deploying a new key; use AUTH_KEYS_DIR for overlap-free rotation.
 */
export class StaticKeyStore implements KeyStore {
  private readonly privateKey: KeyObject;
  private readonly ready: Promise<JWK>;

  constructor(source: { pem?: string; file?: string }) {
    // Environment variables often carry PEM newlines as "\n".
    const pem =
      source.pem?.replace(/\\n/g, '\n') ??
      readFileSync(source.file ?? '', 'utf8');
    this.privateKey = createPrivateKey(pem);
    if (this.privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1')
      throw new Error('the signing key must be EC P-256 (ES256)');
    this.ready = publicJwk('pending', this.privateKey).then(async (jwk) => ({
      ...jwk,
      kid: await calculateJwkThumbprint(jwk),
    }));
  }

  async signingKey(): Promise<SigningKey> {
    const { kid } = await this.ready;
    return { kid: kid ?? '', privateKey: this.privateKey };
  }

  async publicKeys(): Promise<JWK[]> {
    return [await this.ready];
  }
}
