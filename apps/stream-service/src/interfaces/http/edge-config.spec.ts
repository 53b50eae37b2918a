import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The `location = /__edge/...` blocks and what they rely on, from an nginx config. */
function edgeBlocks(config: string): string[] {
  return [
    ...config.matchAll(
      /^ {4}location (= \/__edge\/\S+|@edge_gone) \{\n[\s\S]*?^ {4}\}$/gm,
    ),
  ].map((m) => m[0]);
}

describe('the edge locations of the gateway and of the Kubernetes sidecar', () => {
  const gateway = read('docker/gateway/nginx.conf.template').replace(
    /\$\{EDGE_LOG_PATH\}/g,
    '/var/log/edge/edge-completions.log',
  );
  const sidecar = read('docker/k8s/base/stream-service/edge-nginx.conf');

  it('are the same blocks, so both edges answer alike', () => {
    expect(edgeBlocks(gateway)).toHaveLength(3);
    expect(edgeBlocks(sidecar)).toEqual(edgeBlocks(gateway));
  });

  it('match the internal locations stream-service redirects to by default', () => {
    const names = edgeBlocks(gateway).map((b) => b.split('\n')[0].trim());
    expect(names).toEqual(
      expect.arrayContaining([
        'location = /__edge/object {',
        'location = /__edge/cached {',
      ]),
    );
  });

  it('log the completion record fields the shipper parses, in both', () => {
    for (const config of [gateway, sidecar])
      for (const field of [
        '"id":"$edge_access"',
        '"status":$status',
        '"bytesSent":$body_bytes_sent',
        '"completion":"$request_completion"',
        '"requestTimeSeconds":$request_time',
        '"context":"$edge_context"',
      ])
        expect(config).toContain(field);
  });
});
