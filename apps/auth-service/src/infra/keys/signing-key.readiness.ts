import { Inject, Injectable } from '@nestjs/common';
import type {
  ReadinessCheck,
  ReadinessReport,
} from '@video-streaming/platform';
import { KEY_STORE, type KeyStore } from '../../domain/key-store.port';

/** Not ready without a signing key: no token at all. Names the active key's kid when up. */
@Injectable()
export class SigningKeyReadiness implements ReadinessCheck {
  readonly name = 'signing-key';
  constructor(@Inject(KEY_STORE) private readonly keys: KeyStore) {}

  async check(): Promise<ReadinessReport> {
    return { up: true, details: { kid: (await this.keys.signingKey()).kid } };
  }
}
