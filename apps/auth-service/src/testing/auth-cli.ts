import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const CLI = join(
  __dirname,
  '..',
  '..',
  '..',
  '..',
  'tools',
  'auth',
  'auth-cli.mjs',
);

/** Runs the operator CLI as an operator would, against the given database / key directory. */
export async function authCli(
  args: string[],
  env: Record<string, string>,
): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [CLI, ...args],
    { env: { ...process.env, ...env } },
  );
  return stdout;
}

export function parseClient(stdout: string): {
  clientId: string;
  clientSecret: string;
} {
  const field = (name: string) =>
    new RegExp(`^${name}=(.+)$`, 'm').exec(stdout)?.[1] ?? '';
  return { clientId: field('client_id'), clientSecret: field('client_secret') };
}
