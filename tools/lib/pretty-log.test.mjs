import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prettyLine } from './pretty-log.mjs';

const at = new Date(2026, 0, 2, 13, 4, 5, 67).getTime(); // local time, as the terminal shows it

describe('prettyLine', () => {
  it('shows a request log as time, level, service, message and the request fields', () => {
    const json = JSON.stringify({
      level: 30,
      time: at,
      pid: 1,
      hostname: 'h',
      name: 'stream-service',
      request_id: 'r1',
      req: { id: 'r1', method: 'GET', url: '/v1/api/video?filename=a.mp4' },
      res: { statusCode: 206 },
      responseTime: 12,
      msg: 'request completed',
      trace_id: 'abc123',
    });
    assert.equal(
      prettyLine('stream-service', json, { color: false }),
      '13:04:05.067 INFO  stream-service       request completed GET /v1/api/video?filename=a.mp4 206 12ms trace=abc123',
    );
  });

  it("names Nest's context and puts an error's stack under it", () => {
    const json = JSON.stringify({
      level: 50,
      time: at,
      context: 'KafkaProducer',
      msg: 'send failed',
      err: {
        type: 'KafkaJSError',
        message: 'broker gone',
        stack: 'KafkaJSError: broker gone\n    at x',
      },
    });
    assert.equal(
      prettyLine('auth-service', json, { color: false }),
      '13:04:05.067 ERROR auth-service         send failed [KafkaProducer] KafkaJSError: broker gone\n' +
        '    KafkaJSError: broker gone\n        at x',
    );
  });

  it('passes through what is not a pino line', () => {
    assert.equal(
      prettyLine('auth-service', 'Debugger listening', { color: false }),
      `${'auth-service'.padEnd(20)} Debugger listening`,
    );
    assert.equal(
      prettyLine('auth-service', '[1,2]', { color: false }),
      `${'auth-service'.padEnd(20)} [1,2]`,
    );
  });

  it('colours the level when asked', () => {
    const line = prettyLine(
      's',
      JSON.stringify({ level: 40, time: at, msg: 'slow' }),
    );
    assert.ok(line.includes('\u001b[33mWARN '), line);
  });
});
