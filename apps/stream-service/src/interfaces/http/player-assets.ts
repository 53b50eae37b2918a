import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

let hlsJs: string | undefined;

/**
 * hls.js as npm installed it (pinned in package.json), read once. The build copies it next to
 * main.js (webpack assets); from sources it is resolved in node_modules.
 */
export function hlsJsSource(): string {
  hlsJs ??= readFileSync(locate(), 'utf8');
  return hlsJs;
}

function locate(): string {
  const copied = join(__dirname, 'assets', 'hls.min.js');
  if (existsSync(copied)) return copied;
  return createRequire(join(process.cwd(), 'package.json')).resolve(
    'hls.js/dist/hls.min.js',
  );
}
