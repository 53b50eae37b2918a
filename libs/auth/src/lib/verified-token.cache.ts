import type { Principal } from './principal';

/**
 * Tokens already verified, until they expire: one playback sends the same token with every Range
 * request, and an ECDSA check per request would dominate the CPU. Keyed by the whole token
 * (signature included), so only the exact bytes that passed verification hit. Bounded (LRU).
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<
    string,
    { principal: Principal; exp: number }
  >();

  constructor(private readonly maxEntries: number) {}

  get(
    token: string,
    nowSeconds: number,
    toleranceSeconds: number,
  ): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    // Same rule as jose: expired once exp <= now - tolerance.
    if (entry.exp <= nowSeconds - toleranceSeconds) return undefined;
    this.entries.set(token, entry); // most recently used goes last
    return { ...entry.principal };
  }

  set(token: string, principal: Principal, exp: number): void {
    if (this.maxEntries <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { principal, exp });
  }
}
