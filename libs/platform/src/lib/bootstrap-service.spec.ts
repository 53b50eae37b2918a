import {
  Body,
  Controller,
  Get,
  HttpCode,
  Module,
  Post,
  Req,
  type INestApplication,
} from '@nestjs/common';
import type { Request } from 'express';
import { LoggerModule } from 'nestjs-pino';
import { connect, type AddressInfo } from 'node:net';
import { bootstrapService } from './bootstrap-service';
import { ERROR_STATUS_MAP } from '@video-streaming/core';

@Controller()
class ProbeController {
  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Post('login')
  @HttpCode(200)
  login(@Body() body: Record<string, unknown>) {
    return { keys: Object.keys(body ?? {}).length };
  }

  /** Like stream-service's upload: reads the raw body itself. */
  @Post('upload')
  async upload(@Req() req: Request) {
    let bytes = 0;
    for await (const chunk of req) bytes += (chunk as Buffer).length;
    return { bytes };
  }
}

@Module({
  imports: [LoggerModule.forRoot({ pinoHttp: { level: 'silent' } })],
  controllers: [ProbeController],
  providers: [{ provide: ERROR_STATUS_MAP, useValue: {} }],
})
class ProbeModule {}

interface RawAnswer {
  status: number;
  body: string;
}

/** A raw HTTP/1.1 exchange: clients like supertest refuse to send some of these requests. */
function exchange(
  port: number,
  head: string,
  body: string | Buffer = '',
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`${head}\r\nConnection: close\r\n\r\n`);
      socket.write(body);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    // The server may close while we still write a refused body: the answer already came.
    socket.on('error', (error) => (chunks.length ? undefined : reject(error)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [statusLine, ...rest] = text.split('\r\n');
      resolve({
        status: Number(statusLine?.split(' ')[1]),
        body: rest.join('\r\n').split('\r\n\r\n')[1] ?? '',
      });
    });
  });
}

const post = (path: string, type: string, body: string | Buffer, extra = '') =>
  `POST ${path} HTTP/1.1\r\nHost: probe\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}${extra}`;

describe('bootstrapService', () => {
  let app: INestApplication;
  let port: number;
  const send = (head: string, body?: string | Buffer) =>
    exchange(port, head, body);
  const jsonOf = (answer: RawAnswer) =>
    JSON.parse(
      answer.body.slice(
        answer.body.indexOf('{'),
        answer.body.lastIndexOf('}') + 1,
      ),
    );

  beforeAll(async () => {
    delete process.env['HOST'];
    delete process.env['BODY_LIMIT'];
    app = await bootstrapService(ProbeModule, { port: 0 });
    port = (app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => app.close());

  it('listens on loopback only when HOST is not set', () => {
    expect((app.getHttpServer().address() as AddressInfo).address).toBe(
      '127.0.0.1',
    );
  });

  describe('refuses bad bodies before any handler, with a JSON 4xx and never a 500', () => {
    const big = JSON.stringify({ a: 'x'.repeat(2_000_000) });
    it.each([
      ['a 2 MB JSON body', post('/login', 'application/json', big), big, 413],
      [
        'a JSON body just over 100 kB',
        post('/login', 'application/json', 'x'.repeat(102_401)),
        'x'.repeat(102_401),
        413,
      ],
      [
        'a 2 MB form',
        post(
          '/login',
          'application/x-www-form-urlencoded',
          `a=${'x'.repeat(2_000_000)}`,
        ),
        `a=${'x'.repeat(2_000_000)}`,
        413,
      ],
      [
        'malformed JSON',
        post('/login', 'application/json', '{"a":'),
        '{"a":',
        400,
      ],
      [
        'JSON that is not an object',
        post('/login', 'application/json', 'nope'),
        'nope',
        400,
      ],
      [
        'an unknown charset',
        post('/login', 'application/json; charset=klingon', '{}'),
        '{}',
        415,
      ],
      [
        'an unknown Content-Encoding',
        post('/login', 'application/json', '{}', '\r\nContent-Encoding: rot13'),
        '{}',
        415,
      ],
      [
        'a gzip body that is not gzip',
        post('/login', 'application/json', '{}', '\r\nContent-Encoding: gzip'),
        '{}',
        400,
      ],
      [
        'a form with too many fields',
        post(
          '/login',
          'application/x-www-form-urlencoded',
          'a=1&'.repeat(1001),
        ),
        'a=1&'.repeat(1001),
        413,
      ],
    ])('%s', async (_, head, body, status) => {
      const answer = await send(head, body);
      expect(answer.status).toBe(status);
      expect(jsonOf(answer)).toMatchObject({
        statusCode: status,
        error: expect.any(String),
        message: expect.any(String),
      });
    });

    it('says the limit in bytes when a body is too large', async () => {
      const answer = await send(post('/login', 'application/json', big), big);
      expect(jsonOf(answer).message).toContain('102400 bytes');
    });
  });

  it('still parses a JSON body under the limit', async () => {
    const body = JSON.stringify({ user: 'a', password: 'x'.repeat(50_000) });
    const answer = await send(post('/login', 'application/json', body), body);
    expect(answer.status).toBe(200);
    expect(jsonOf(answer)).toEqual({ keys: 2 });
  });

  it.each([
    'application/octet-stream',
    'video/mp4',
    'multipart/form-data; boundary=x',
  ])('leaves a raw %s body of 2 MB to the handler, unlimited', async (type) => {
    const raw = Buffer.alloc(2_000_000, 7);
    const answer = await send(post('/upload', type, raw), raw);
    expect(answer.status).toBe(201);
    expect(jsonOf(answer)).toEqual({ bytes: 2_000_000 });
  });

  describe('headers', () => {
    const get = (header: string) =>
      `GET /health/live HTTP/1.1\r\nHost: probe\r\n${header}`;
    const of = (kib: number) => 'a'.repeat(kib * 1024);

    it.each([
      ['X-Big', of(17)],
      ['X-Big', of(64)],
      ['Authorization', `Bearer ${of(64)}`],
      ['Cookie', `session=${of(64)}`],
      ['X-Many', `${'x, '.repeat(6000)}`],
    ])('answers a %s header over 16 KiB with 431', async (name, value) => {
      expect((await send(get(`${name}: ${value}`))).status).toBe(431);
    });

    it.each([
      ['X-Big', of(15)],
      ['Authorization', `Bearer ${of(15)}`],
      ['Cookie', `session=${of(15)}`],
    ])('serves a %s header just under 16 KiB', async (name, value) => {
      expect((await send(get(`${name}: ${value}`))).status).toBe(200);
    });

    it.each([
      ['a header without a colon', 'NoColonHere'],
      ['a control character in a value', 'X-Bad: a\u0001b'],
      ['a space in a name', 'X Bad: a'],
    ])('answers %s with 400', async (_, header) => {
      expect((await send(get(header))).status).toBe(400);
    });
  });
});

describe('bootstrapService with a configured body limit', () => {
  let app: INestApplication;
  let port: number;
  beforeAll(async () => {
    process.env['BODY_LIMIT'] = '1kb';
    app = await bootstrapService(ProbeModule, { port: 0 });
    port = (app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    delete process.env['BODY_LIMIT'];
    await app.close();
  });

  it('applies BODY_LIMIT to JSON and forms alike', async () => {
    const json = JSON.stringify({ a: 'x'.repeat(2000) });
    expect(
      (await exchange(port, post('/login', 'application/json', json), json))
        .status,
    ).toBe(413);
    const form = `a=${'x'.repeat(2000)}`;
    expect(
      (
        await exchange(
          port,
          post('/login', 'application/x-www-form-urlencoded', form),
          form,
        )
      ).status,
    ).toBe(413);
    expect(
      (
        await exchange(
          port,
          post('/login', 'application/json', '{"a":1}'),
          '{"a":1}',
        )
      ).status,
    ).toBe(200);
  });
});

describe('bootstrapService with an invalid environment', () => {
  afterEach(() => delete process.env['HOST']);
  it('refuses to start and names the variable', async () => {
    process.env['HOST'] = 'not a host';
    await expect(bootstrapService(ProbeModule, { port: 0 })).rejects.toThrow(
      /HOST/,
    );
  });
});
