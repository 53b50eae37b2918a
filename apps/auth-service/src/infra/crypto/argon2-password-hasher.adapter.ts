import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import type { PasswordHasher } from '../../domain/password-hasher.port';

/** argon2id with the library defaults (19 MiB, 2 passes, 1 lane): OWASP's recommended minimum. */
export class Argon2PasswordHasher implements PasswordHasher {
  // Made at start, so that even the first unknown-address login costs exactly one verification.
  private readonly dummyHash: Promise<string | undefined> = hash(
    randomBytes(16).toString('hex'),
  ).catch(() => undefined);

  hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    return verify(passwordHash, password).catch(() => false);
  }

  async verifyDummy(password: string): Promise<void> {
    const dummy = await this.dummyHash;
    if (dummy) await this.verify(dummy, password);
  }
}
