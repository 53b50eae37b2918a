import {
  createPrivateKey,
  generateKeyPairSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * One PKCS#8 PEM per key, named `<activation as yyyymmddThhmmssZ>-<random>.pem`; the file name
 * without `.pem` is the `kid`. tools/auth/auth-cli.mjs (rotate-keys) writes the same format.
 */
const KEY_NAME = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-[A-Za-z0-9]+$/;

export interface KeyFile {
  kid: string;
  activatesAt: Date;
  privateKey: KeyObject;
}

export function keyId(activatesAt: Date): string {
  const stamp = activatesAt
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

function activationOf(kid: string): Date | undefined {
  const m = KEY_NAME.exec(kid);
  return m
    ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]))
    : undefined;
}

export async function readKeyDir(dir: string): Promise<KeyFile[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) =>
    n.endsWith('.pem'),
  );
  return Promise.all(
    names.map(async (name) => {
      const path = join(dir, name);
      const kid = name.slice(0, -'.pem'.length);
      const privateKey = createPrivateKey(await readFile(path));
      if (
        privateKey.asymmetricKeyType !== 'ec' ||
        privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
      )
        throw new Error(
          `${name}: not an EC P-256 private key (ES256 needs one)`,
        );
      // A key dropped in by hand without the naming scheme counts from its modification time.
      return {
        kid,
        privateKey,
        activatesAt: activationOf(kid) ?? (await stat(path)).mtime,
      };
    }),
  );
}

/** Writes a new P-256 key readable by its owner only; returns its kid. */
export async function generateKeyFile(
  dir: string,
  activatesAt: Date,
): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ec', {
    namedCurve: 'prime256v1',
  });
  const kid = keyId(activatesAt);
  await writeFile(
    join(dir, `${kid}.pem`),
    privateKey.export({ type: 'pkcs8', format: 'pem' }),
    { mode: 0o600, flag: 'wx' },
  );
  return kid;
}
