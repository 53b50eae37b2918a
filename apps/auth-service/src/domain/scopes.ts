import { SCOPES, type Scope } from '@video-streaming/auth';
import { InvalidScopeError } from './auth.errors';

export { SCOPES, type Scope };

/** What a new account may do until an operator grants more. */
export const DEFAULT_USER_SCOPES: readonly Scope[] = ['video:read'];

export const isScope = (value: string): value is Scope =>
  (SCOPES as readonly string[]).includes(value);

/** Parses a space-separated `scope` parameter (RFC 6749 §3.3); unknown names are refused, not dropped. */
export function parseScopes(raw: string | undefined): Scope[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const names = [...new Set(raw.trim().split(/\s+/))];
  const unknown = names.filter((name) => !isScope(name));
  if (unknown.length)
    throw new InvalidScopeError(`Unknown scope: ${unknown.join(' ')}`);
  return names as Scope[];
}

/** The scopes granted: the request narrows what is allowed and never widens it. */
export function narrowScopes(
  requested: readonly Scope[] | undefined,
  allowed: readonly string[],
): Scope[] {
  const permitted = allowed.filter(isScope);
  if (!requested) return permitted;
  const refused = requested.filter((scope) => !permitted.includes(scope));
  if (refused.length)
    throw new InvalidScopeError(`Scope not allowed: ${refused.join(' ')}`);
  return [...requested];
}
