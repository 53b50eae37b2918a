import { Writable } from 'node:stream';
import type { Request } from 'express';
import { pino } from 'pino';
import { PinoLogger } from 'nestjs-pino';
import { RequestLog } from './request-log';

/** Lines logged through Nest's Logger (nestjs-pino) inside and outside a lean request. */
describe('RequestLog.run', () => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const appLogger = new PinoLogger({ pinoHttp: {} });
  appLogger.setContext('UseCase');

  beforeAll(() => {
    (PinoLogger as unknown as { root: unknown }).root = pino(
      { base: undefined },
      sink,
    );
  });
  beforeEach(() => (lines.length = 0));

  const request = (id: string) =>
    ({
      id,
      method: 'GET',
      url: '/v1/api/video?filename=a.mp4',
      headers: {},
    }) as unknown as Request;
  const flush = () => new Promise((r) => setImmediate(r));

  it('gives a line logged after an await inside the request its request id', async () => {
    await new RequestLog().run(request('req-1'), async () => {
      await flush();
      appLogger.warn('rendition index is not JSON: ignored');
    });
    await flush();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      request_id: 'req-1',
      msg: 'rendition index is not JSON: ignored',
      context: 'UseCase',
    });
  });

  it('keeps two concurrent requests apart', async () => {
    const log = new RequestLog();
    await Promise.all(
      ['a', 'b'].map((id) =>
        log.run(request(id), async () => {
          await flush();
          appLogger.warn(`from ${id}`);
        }),
      ),
    );
    await flush();
    expect(lines.map((l) => [l.request_id, l.msg]).sort()).toEqual([
      ['a', 'from a'],
      ['b', 'from b'],
    ]);
  });

  it('adds fields assigned inside the request to its later lines', async () => {
    await new RequestLog().run(request('req-2'), async () => {
      appLogger.assign({ videoKey: 'a.mp4' });
      await flush();
      appLogger.error('boom');
    });
    await flush();
    expect(lines[0]).toMatchObject({ request_id: 'req-2', videoKey: 'a.mp4' });
  });
});
