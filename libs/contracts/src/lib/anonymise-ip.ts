import { isIPv4, isIPv6 } from 'node:net';

/**
 * Keeps the network, drops the host: IPv4 loses its last octet, IPv6 keeps its /48 prefix.
 * Access logs must never carry a raw client address.
 */
export function anonymiseIp(ip: string | undefined | null): string | null {
  if (!ip) return null;
  const mapped =
    ip.startsWith('::ffff:') && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (isIPv4(mapped))
    return mapped.split('.').slice(0, 3).concat('0').join('.');
  if (isIPv6(mapped)) return `${expandIPv6(mapped).slice(0, 3).join(':')}::`;
  return null;
}

function expandIPv6(ip: string): string[] {
  const [head, tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = ip.includes('::') ? 8 - left.length - right.length : 0;
  return [...left, ...Array<string>(missing).fill('0'), ...right].map(
    (g) => g.toLowerCase() || '0',
  );
}
