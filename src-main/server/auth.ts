import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_COOKIE, TOKEN_QUERY } from '../../src-shared/transport/http-protocol.js';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** Where a request presented the token, if it did: bearer header, cookie, or the `?token=` of the printed URL. */
export function presentedToken(req: IncomingMessage, url: URL): { token: string; via: 'header' | 'cookie' | 'query' } | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return { token: auth.slice(7).trim(), via: 'header' };
  // The URL's token wins over the cookie: cookies are not scoped by port, so after a restart the browser still sends
  // the previous server's cookie, and the freshly printed URL must log in (and replace it).
  const query = url.searchParams.get(TOKEN_QUERY);
  if (query) return { token: query, via: 'query' };
  const cookie = cookieValue(req.headers.cookie, TOKEN_COOKIE);
  if (cookie) return { token: cookie, via: 'cookie' };
  return null;
}

export function isAuthorized(req: IncomingMessage, url: URL, token: string): { ok: boolean; via?: 'header' | 'cookie' | 'query' } {
  const presented = presentedToken(req, url);
  if (!presented || !sameSecret(presented.token, token)) return { ok: false };
  return { ok: true, via: presented.via };
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Whether a host name (as bound, or as a Host header names it) is this machine's loopback. */
export function isLoopbackHost(name: string): boolean {
  return LOOPBACK_NAMES.has(name);
}

/**
 * Refuse requests whose Host header is not the address we serve on: a web page elsewhere cannot reach the server
 * through DNS rebinding, even before the token check.
 */
export function isAllowedHost(hostHeader: string | undefined, boundHost: string): boolean {
  if (!hostHeader) return false;
  const name = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0];
  if (!name) return false;
  return isLoopbackHost(name) || name === boundHost || `[${boundHost}]` === name;
}
