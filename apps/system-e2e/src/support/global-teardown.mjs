export default async function globalTeardown() {
  await globalThis.__services?.stop();
  await globalThis.__otlpReceiver?.close();
}
