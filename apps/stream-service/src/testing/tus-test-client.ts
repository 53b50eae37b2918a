import { request } from 'node:http';

/** A tus 1.0 client written out by hand, so tests can send exactly the requests they are about. */
export function tusClient(baseUrl: string, token: string) {
  const headers = (extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${token}`,
    'tus-resumable': '1.0.0',
    ...extra,
  });
  const metadataHeader = (metadata: Record<string, string>) =>
    Object.entries(metadata)
      .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
      .join(',');
  return {
    create: (length: number, metadata: Record<string, string>) =>
      fetch(`${baseUrl}/v1/api/uploads`, {
        method: 'POST',
        headers: headers({
          'upload-length': String(length),
          'upload-metadata': metadataHeader(metadata),
        }),
      }),
    /** The absolute URL of an upload on this (or another) server, from a Location header. */
    urlOf: (location: string | null, server = baseUrl) =>
      `${server}${location ?? ''}`,
    patch: (url: string, offset: number, body: Buffer) =>
      fetch(url, {
        method: 'PATCH',
        headers: headers({
          'upload-offset': String(offset),
          'content-type': 'application/offset+octet-stream',
        }),
        body,
      }),
    head: (url: string) => fetch(url, { method: 'HEAD', headers: headers() }),
    remove: (url: string) =>
      fetch(url, { method: 'DELETE', headers: headers() }),
    /**
     * Sends `body` from `offset` but stops after `sent` bytes and cuts the connection `holdMs`
     * later, like a network that went away: resolves once the socket is closed.
     */
    patchThenDrop: (
      url: string,
      offset: number,
      body: Buffer,
      sent: number,
      holdMs = 300,
    ) =>
      new Promise<void>((resolve) => {
        const req = request(url, {
          method: 'PATCH',
          headers: headers({
            'upload-offset': String(offset),
            'content-type': 'application/offset+octet-stream',
            'content-length': String(body.length),
          }),
        });
        req.on('error', () => resolve());
        req.on('close', () => resolve());
        req.write(body.subarray(0, sent), () =>
          setTimeout(() => req.destroy(), holdMs),
        );
      }),
  };
}

export const offsetOf = (res: Response): number =>
  Number(res.headers.get('upload-offset'));
