// Starts the three built services as separate processes (the same way `npm start` does) against
// the stack that `npm test` brought up; their logs go to .stack/logs/<service>.log.
import { startServices } from '../../../../tools/lib/services.mjs';
import { status } from '../../../../tools/stack/lib/index.mjs';

export default async function globalSetup() {
  const down = (await status()).filter((c) => c.state !== 'up').map((c) => c.component);
  if (down.length) throw new Error(`the stack is not up (${down.join(', ')}): run \`npm run stack:up\` or \`npm test\``);
  globalThis.__services = await startServices({ env: { NODE_ENV: 'development', LOG_LEVEL: 'warn' } });
}
