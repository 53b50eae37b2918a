export const SCOPES = [
  'video:read',
  'video:write',
  'video:admin',
  'logs:read',
] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling, as proven by a verified access token. */
export interface Principal {
  userId: string;
  scopes: readonly string[];
  tokenId: string | undefined;
}
