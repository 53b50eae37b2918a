import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AuthConfig } from '../../config';
import { KEY_STORE, type KeyStore } from '../../domain/key-store.port';
import { FileKeyStore } from './file-key-store.adapter';
import { StaticKeyStore } from './static-key-store.adapter';

/** A key given in the environment wins; otherwise the key directory (generated in development). */
export const keyStoreProvider: Provider = {
  provide: KEY_STORE,
  inject: [APP_CONFIG],
  useFactory: async ({
    keys,
    accessTokenTtlSeconds,
    clockSkewSeconds,
  }: AuthConfig): Promise<KeyStore> => {
    if (keys.privateKeyPem || keys.privateKeyFile)
      return new StaticKeyStore({
        pem: keys.privateKeyPem,
        file: keys.privateKeyFile,
      });
    const store = new FileKeyStore({
      dir: keys.dir,
      generateIfMissing: keys.generateIfMissing,
      reloadSeconds: keys.reloadSeconds,
      retainSeconds: accessTokenTtlSeconds + clockSkewSeconds,
    });
    // Factory-made providers get no lifecycle hooks: load here, so a missing key stops the start.
    await store.onModuleInit();
    return store;
  },
};
