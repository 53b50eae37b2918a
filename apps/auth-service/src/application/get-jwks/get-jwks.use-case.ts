import { Inject, Injectable } from '@nestjs/common';
import type { JSONWebKeySet } from 'jose';
import { KEY_STORE, type KeyStore } from '../../domain/key-store.port';

/** The public half of every key a verifier may meet: published so services verify locally. */
@Injectable()
export class GetJwksUseCase {
  constructor(@Inject(KEY_STORE) private readonly keys: KeyStore) {}

  async execute(): Promise<JSONWebKeySet> {
    return { keys: await this.keys.publicKeys() };
  }
}
