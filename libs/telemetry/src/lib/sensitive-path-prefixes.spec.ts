import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { redactUrl, SENSITIVE_PATH_PREFIXES } from './redact';

/**
 * The gateways log `$log_uri`, which their nginx `map $uri $log_uri` makes from the path: for every
 * prefix of SENSITIVE_PATH_PREFIXES it must cut the segment redactUrl cuts, or a credential the
 * services never log would stand in the gateway's log.
 */
const ROOT = join(__dirname, '../../../..');
const CONFIGS = [
  'docker/gateway/nginx.conf.template',
  'docker/k8s/base/stream-service/edge-nginx.conf',
];

/** The map's entries, as nginx applies them: the first regex that matches, else the default. */
function logUriMap(file: string): (uri: string) => string {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const block = /\bmap\s+\$uri\s+\$log_uri\s*\{([^}]*)\}/.exec(text)?.[1];
  if (!block) throw new Error(`${file} has no map $uri $log_uri`);
  const entries = [...block.matchAll(/"(~\*?)([^"]+)"\s+"([^"]*)"\s*;/g)].map(
    ([, op, source, value]) => ({
      regex: new RegExp(source, op === '~*' ? 'i' : ''),
      value,
    }),
  );
  return (uri) => {
    for (const { regex, value } of entries) {
      const match = regex.exec(uri);
      if (match)
        return value.replace(
          /\$\{?(\w+)\}?/g,
          (_, name: string) =>
            (/^\d+$/.test(name) ? match[Number(name)] : match.groups?.[name]) ??
            '',
        );
    }
    return uri;
  };
}

describe.each(CONFIGS)('map $uri $log_uri of %s', (file) => {
  const logUri = logUriMap(file);

  it.each(SENSITIVE_PATH_PREFIXES)(
    'cuts the segment after %s as the services do',
    (prefix) => {
      const uri = `${prefix}eyJ2IjoxfQ.c2lnbmF0dXJl/360p/seg-00001.m4s`;
      expect(logUri(uri)).toBe(redactUrl(uri));
      expect(logUri(uri)).not.toContain('c2lnbmF0dXJl');
    },
  );

  it('logs any other path as it is', () => {
    expect(logUri('/v1/api/video/playback')).toBe('/v1/api/video/playback');
  });
});
