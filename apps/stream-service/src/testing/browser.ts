import { createServer, request, type Server } from 'node:http';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, as the repository's browser tests drive it. */
export const CHROMIUM = '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** The routing of docker/gateway/nginx.conf.template that the page relies on: one origin. */
export function aGateway(upstreams: {
  auth: string | undefined;
  stream: string;
}): Server {
  return createServer((req, res) => {
    const target = req.url?.startsWith('/v1/api/auth/')
      ? upstreams.auth
      : upstreams.stream;
    if (!target) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end('{"statusCode":404}');
      return;
    }
    const upstream = request(
      `${target}${req.url}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
}

export async function until(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
