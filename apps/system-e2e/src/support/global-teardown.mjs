import { deleteGroup } from './consumer-group.mjs';

export default async function globalTeardown() {
  await globalThis.__services?.stop();
  await globalThis.__otlpReceiver?.close();
  if (globalThis.__consumerGroup) await deleteGroup(globalThis.__consumerGroup);
}
