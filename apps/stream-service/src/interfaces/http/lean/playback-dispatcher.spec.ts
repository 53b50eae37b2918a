import { describe, expect, it } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  installPlaybackDispatcher,
  leanRouteOf,
  type LeanRoute,
} from './playback-dispatcher';

describe('leanRouteOf: what takes the lean route', () => {
  it.each([
    ['GET', '/v1/api/video?filename=a.mp4'],
    ['HEAD', '/v1/api/video?filename=a.mp4&sig=x&exp=1'],
    // No query at all: the controller answers 400 for the missing filename, as before.
    ['GET', '/v1/api/video'],
  ])('%s %s is the stream route', (method, url) => {
    expect(leanRouteOf(method, url)).toEqual({ kind: 'stream' });
  });

  it('an HLS file gives its grant and the path segments, as Express would', () => {
    expect(
      leanRouteOf('GET', '/v1/api/video/hls/abc.DEF-_~1/720p/seg_00001.ts?x=1'),
    ).toEqual({
      kind: 'hls',
      grant: 'abc.DEF-_~1',
      path: ['720p', 'seg_00001.ts'],
    });
    expect(leanRouteOf('HEAD', '/v1/api/video/hls/g/master.m3u8')).toEqual({
      kind: 'hls',
      grant: 'g',
      path: ['master.m3u8'],
    });
  });

  it.each([
    // Other methods: Express answers them (404 or the upload routes).
    ['POST', '/v1/api/video?filename=a.mp4'],
    ['OPTIONS', '/v1/api/video'],
    ['PUT', '/v1/api/video/hls/g/master.m3u8'],
    [undefined, '/v1/api/video'],
    // Paths Express matches its own way (case, trailing or doubled slash, encoding).
    ['GET', '/V1/api/video?filename=a.mp4'],
    ['GET', '/v1/api/video/?filename=a.mp4'],
    ['GET', '//v1/api/video?filename=a.mp4'],
    ['GET', '/v1/api/vide%6F?filename=a.mp4'],
    ['GET', 'http://host/v1/api/video?filename=a.mp4'],
    ['GET', '/v1/api/video#x'],
    ['GET', '/v1/api/video/hls/g/a%2Fb.ts'],
    ['GET', '/v1/api/video/hls/g//a.ts'],
    ['GET', '/v1/api/video/hls/g/a.ts/'],
    ['GET', '/v1/api/video/hls/g'],
    ['GET', '/v1/api/video/hls//a.ts'],
    // Everything else of the service: listing, playback URLs, status, uploads, tus, health, metrics.
    ['GET', '/v1/api/video/playback?filename=a.mp4'],
    ['GET', '/v1/api/videos'],
    ['GET', '/v1/api/videos/a.mp4'],
    ['DELETE', '/v1/api/video?filename=a.mp4'],
    ['POST', '/v1/api/uploads'],
    ['PATCH', '/v1/api/uploads/abc'],
    ['GET', '/v1/api/player'],
    ['GET', '/health/ready'],
    ['GET', '/metrics'],
    ['GET', '/'],
    ['GET', undefined],
  ])('%s %s falls through to Express', (method, url) => {
    expect(leanRouteOf(method, url)).toBeUndefined();
  });
});

describe('installPlaybackDispatcher', () => {
  it('sends playback requests to the lean handler and every other request to the listener it replaced', async () => {
    const seen: string[] = [];
    const server: Server = createServer((req, res) => {
      seen.push(`framework ${req.method} ${req.url}`);
      res.end('framework');
    });
    installPlaybackDispatcher(server, (req, res, route: LeanRoute) => {
      seen.push(`lean ${route.kind} ${req.method} ${req.url}`);
      res.end('lean');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const answer = async (path: string, method = 'GET') =>
        (await fetch(base + path, { method })).text();
      expect(await answer('/v1/api/video?filename=a.mp4')).toBe('lean');
      expect(await answer('/v1/api/video/hls/g/master.m3u8')).toBe('lean');
      expect(await answer('/v1/api/video?filename=a.mp4', 'POST')).toBe(
        'framework',
      );
      expect(await answer('/health/live')).toBe('framework');
      expect(server.listenerCount('request')).toBe(1);
      expect(seen).toEqual([
        'lean stream GET /v1/api/video?filename=a.mp4',
        'lean hls GET /v1/api/video/hls/g/master.m3u8',
        'framework POST /v1/api/video?filename=a.mp4',
        'framework GET /health/live',
      ]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
