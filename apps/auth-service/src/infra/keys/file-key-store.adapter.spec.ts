import {
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileKeyStore } from './file-key-store.adapter';
import { generateKeyFile } from './key-files';

describe('FileKeyStore (real files)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'auth-keys-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const store = (
    options: Partial<ConstructorParameters<typeof FileKeyStore>[0]> = {},
  ) =>
    new FileKeyStore({
      dir,
      generateIfMissing: true,
      reloadSeconds: 60,
      retainSeconds: 960,
      ...options,
    });

  it('generates a private key readable by its owner only on first start in development', async () => {
    const keys = store();
    await keys.onModuleInit();
    const [file] = readdirSync(dir);
    expect(file).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{8}\.pem$/);
    expect(statSync(join(dir, file)).mode & 0o077).toBe(0);
    expect((await keys.signingKey()).kid).toBe(file.replace('.pem', ''));
  });

  it('refuses to start without keys when generation is off (production)', async () => {
    await expect(
      store({ generateIfMissing: false }).onModuleInit(),
    ).rejects.toThrow(/no signing key/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a key that cannot sign ES256', async () => {
    writeFileSync(
      join(dir, 'bad.pem'),
      '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n',
    );
    await expect(store().onModuleInit()).rejects.toThrow();
  });

  it('picks up a key added to the directory at the next reload', async () => {
    const first = await generateKeyFile(dir, new Date(Date.now() - 60_000));
    const keys = store({ reloadSeconds: 0.05 });
    await keys.onModuleInit();
    expect((await keys.signingKey()).kid).toBe(first);
    const second = await generateKeyFile(dir, new Date(Date.now() - 1000));
    await new Promise((r) => setTimeout(r, 100));
    expect((await keys.signingKey()).kid).toBe(second);
    expect((await keys.publicKeys()).map((k) => k.kid)).toEqual([
      first,
      second,
    ]);
  });
});
