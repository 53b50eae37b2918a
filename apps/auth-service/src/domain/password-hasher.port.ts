export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Spends the time of a real verification, so an unknown account answers as slowly as a known one. */
  verifyDummy(password: string): Promise<void>;
}

export const PASSWORD_HASHER = Symbol('PASSWORD_HASHER');
