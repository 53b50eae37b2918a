#!/usr/bin/env node
// The floor of any Node.js proxy on this machine: a bare node:http server that GETs one presigned
// S3 object (the client's Range passed on, keep-alive agent) and pipes the answer back. No
// authorization, no planning, no telemetry, no access record. bench.mjs runs it as its own
// process next to proxy mode (stream-service alone), so what the service's own work costs can be
// told apart from what Node's HTTP client and server cost.
// Usage: node node-pass.mjs <port> <presigned S3 URL>
import http from 'node:http';

const port = Number(process.argv[2]);
const source = /** @type {string} */ (process.argv[3]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const KEPT = ['content-length', 'content-range', 'etag', 'last-modified'];

http
  .createServer((req, res) => {
    const headers = req.headers.range ? { range: req.headers.range } : {};
    const upstream = http.get(source, { agent, headers }, (s3) => {
      /** @type {Record<string, string>} */
      const answer = { 'content-type': 'video/mp4' };
      for (const name of KEPT) {
        const value = s3.headers[name];
        if (typeof value === 'string') answer[name] = value;
      }
      res.writeHead(s3.statusCode ?? 502, answer);
      s3.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
  })
  .listen(port, '127.0.0.1');
