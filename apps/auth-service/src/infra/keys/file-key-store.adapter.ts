import { Logger, type OnModuleInit } from '@nestjs/common';
import type { JWK } from 'jose';
import { resolve } from 'node:path';
import { activeKey, publishedKeys } from '../../domain/key-rotation';
import type { KeyStore, SigningKey } from '../../domain/key-store.port';
import { generateKeyFile, readKeyDir, type KeyFile } from './key-files';
import { publicJwk } from './public-jwk';

export interface FileKeyStoreOptions {
  dir: string;
  generateIfMissing: boolean;
  reloadSeconds: number;
  /** How long a retired key stays published: access-token TTL + clock skew. */
  retainSeconds: number;
}

type LoadedKey = KeyFile & { jwk: JWK };

/** Keys in a directory, re-read periodically so `auth-cli rotate-keys` needs no restart. */
export class FileKeyStore implements KeyStore, OnModuleInit {
  private readonly logger = new Logger(FileKeyStore.name);
  private readonly dir: string;
  private keys: LoadedKey[] = [];
  private loadedAt = 0;
  private loading?: Promise<void>;

  constructor(private readonly options: FileKeyStoreOptions) {
    this.dir = resolve(options.dir);
  }

  /** Loads at start, so a production instance without keys refuses to start. */
  async onModuleInit(): Promise<void> {
    await this.load();
  }

  async signingKey(): Promise<SigningKey> {
    const key = activeKey(await this.current(), new Date());
    if (!key) throw new Error(`no signing key in ${this.options.dir}`);
    return { kid: key.kid, privateKey: key.privateKey };
  }

  async publicKeys(): Promise<JWK[]> {
    return publishedKeys(
      await this.current(),
      new Date(),
      this.options.retainSeconds,
    ).map((k) => k.jwk);
  }

  private async current(): Promise<LoadedKey[]> {
    if (Date.now() - this.loadedAt > this.options.reloadSeconds * 1000) {
      this.loading ??= this.load()
        .catch((error: Error) =>
          this.logger.warn(`keeping the keys loaded before: ${error.message}`),
        )
        .finally(() => (this.loading = undefined));
      await this.loading;
    }
    return this.keys;
  }

  private async load(): Promise<void> {
    let files = await readKeyDir(this.dir);
    if (!files.length) {
      if (!this.options.generateIfMissing)
        throw new Error(
          `no signing key (*.pem) in AUTH_KEYS_DIR ${this.options.dir}: run auth-cli rotate-keys or mount the keys`,
        );
      const kid = await generateKeyFile(this.dir, new Date());
      this.logger.log(
        `generated development signing key ${kid} in ${this.options.dir}`,
      );
      files = await readKeyDir(this.dir);
    }
    this.keys = await Promise.all(
      files.map(async (f) => ({
        ...f,
        jwk: await publicJwk(f.kid, f.privateKey),
      })),
    );
    this.loadedAt = Date.now();
  }
}
