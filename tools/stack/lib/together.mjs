// Starting several components at once, all or nothing: when one fails, the ones this call brought
// up are stopped again, so that a failed `up` leaves nothing behind that a later run would mistake
// for "already running" (and then never stop).

/**
 * names: the components, started in parallel. wasUp: a Set of those already up before (never
 * stopped here). start(name) -> { started }, stop(name) -> text. Resolves when all are ready;
 * otherwise throws one error naming what failed and what was stopped, with `failed` and `stopped`.
 * @param {string[]} names
 * @param {{ wasUp: Set<string>, start: (name: string) => Promise<unknown>,
 *   stop: (name: string) => Promise<string>, log: (line: string) => void }} options
 */
export async function startTogether(names, { wasUp, start, stop, log }) {
  const results = await Promise.allSettled(names.map((name) => start(name)));
  /** @type {[string, PromiseRejectedResult][]} */
  const rejected = [];
  results.forEach((r, i) => {
    if (r.status === 'rejected') rejected.push([names[i], r]);
  });
  if (!rejected.length) return;
  const failed = rejected.map(([name]) => name);
  const lines = rejected.map(
    ([name, r]) => `${name}: ${r.reason?.message ?? r.reason}`,
  );
  // A failed component can have left its process behind (spawned, then not ready in time): stopped too.
  const stopped = [];
  for (const name of [...names].reverse()) {
    if (wasUp.has(name)) continue;
    try {
      const outcome = await stop(name);
      if (outcome !== 'not running') stopped.push(name);
      log(`[${name}] ${outcome} (rolling back the failed start)`);
    } catch (e) {
      lines.push(
        `${name}: could not be stopped after the failure: ${e.message}`,
      );
    }
  }
  const err = /** @type {Error & { failed?: string[], stopped?: string[] }} */ (
    new Error(
      `${failed.join(', ')} failed to start:\n${lines.join('\n')}\n` +
        (stopped.length
          ? `stopped again what this run had started: ${stopped.join(', ')}`
          : 'nothing of this run was left running'),
    )
  );
  err.failed = failed;
  err.stopped = stopped;
  throw err;
}
