/**
 * Rotation rules, shared by the service and (in plain JS) tools/auth/auth-cli.mjs: each key has
 * an activation time; the newest activated key signs; a key is retired when its successor
 * activates and stays published until every token it signed has expired (TTL + clock skew).
 */
export interface RotatingKey {
  kid: string;
  activatesAt: Date;
}

const byActivation = <K extends RotatingKey>(keys: readonly K[]) =>
  [...keys].sort(
    (a, b) =>
      a.activatesAt.getTime() - b.activatesAt.getTime() ||
      a.kid.localeCompare(b.kid),
  );

/** The newest key already active; if every key is still in the future, the earliest one. */
export function activeKey<K extends RotatingKey>(
  keys: readonly K[],
  now: Date,
): K | undefined {
  const sorted = byActivation(keys);
  const active = sorted.filter((k) => k.activatesAt <= now);
  return active.at(-1) ?? sorted[0];
}

/** When a key stopped signing: its successor's activation, if that is past. */
function retiredAt<K extends RotatingKey>(
  sorted: readonly K[],
  index: number,
  now: Date,
): Date | undefined {
  const successor = sorted[index + 1];
  return successor && successor.activatesAt <= now
    ? successor.activatesAt
    : undefined;
}

/** Keys a verifier may still meet: future, active and retired less than `retainSeconds` ago. */
export function publishedKeys<K extends RotatingKey>(
  keys: readonly K[],
  now: Date,
  retainSeconds: number,
): K[] {
  const sorted = byActivation(keys);
  return sorted.filter((_, i) => {
    const retired = retiredAt(sorted, i, now);
    return !retired || now.getTime() < retired.getTime() + retainSeconds * 1000;
  });
}
