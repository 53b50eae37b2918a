import { createServer, type Server, type Socket } from 'node:net';
import { KafkaReachability } from './kafka-reachability';

describe('KafkaReachability', () => {
  it('reports a broker address where nothing listens as unreachable, with the reason', async () => {
    const probe = new KafkaReachability(['127.0.0.1:1'], 1_000);
    const result = await probe.check();
    expect(result.reachable).toBe(false);
    expect(result.error).toEqual(expect.any(String));
    await probe.close();
  });

  it('gives up within its timeout on a broker that accepts connections but never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) =>
      silent.listen(0, '127.0.0.1', resolve),
    );
    const port = (silent.address() as { port: number }).port;
    const probe = new KafkaReachability([`127.0.0.1:${port}`], 500);
    const started = Date.now();
    expect((await probe.check()).reachable).toBe(false);
    expect(Date.now() - started).toBeLessThan(3_000);
    await probe.close();
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => silent.close(resolve));
  });
});
