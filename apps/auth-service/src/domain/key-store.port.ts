import type { KeyObject } from 'node:crypto';
import type { JWK } from 'jose';

/** The key that signs new tokens now, and its id published in the JWKS. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

/** Where signing keys live (a directory, the environment); rotation happens behind this seam. */
export interface KeyStore {
  signingKey(): Promise<SigningKey>;
  /** Every public key a verifier may still need: the active one, future ones and recently retired ones. */
  publicKeys(): Promise<JWK[]>;
}

export const KEY_STORE = Symbol('KEY_STORE');
