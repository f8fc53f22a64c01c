import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SESSION_COOKIE, SESSION_PREFIX, TOKEN_QUERY } from '../../src-shared/transport/http-protocol.js';

/** The credentials of one server start: both are new on every start, so nothing of an earlier one is accepted. */
export interface Session {
  /** The secret: in the printed address, then in the cookie, or sent as a bearer token by scripts. */
  token: string;
  /** Names the folder `/s/<id>/` the cookie is scoped to; not a secret (it shows in the address bar). */
  id: string;
}

export function newSession(token?: string): Session {
  return { token: token ?? randomBytes(24).toString('base64url'), id: randomBytes(9).toString('base64url') };
}

export function sessionFolder(session: Session): string {
  return `${SESSION_PREFIX}${session.id}/`;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Every value of the cookie `name`; a malformed header yields none rather than an exception. */
function cookieValues(header: string | undefined, name: string): string[] {
  const values: string[] = [];
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}

export type Credential = 'header' | 'cookie' | 'query';

/**
 * How the request proved it holds this start's token, or null. The cookie only counts inside the session folder,
 * the one place a browser sends it.
 */
export function credentialOf(req: IncomingMessage, url: URL, session: Session, inSessionFolder: boolean): Credential | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return sameSecret(auth.slice(7).trim(), session.token) ? 'header' : null;
  const query = url.searchParams.get(TOKEN_QUERY);
  if (query) return sameSecret(query, session.token) ? 'query' : null;
  if (inSessionFolder && cookieValues(req.headers.cookie, SESSION_COOKIE).some((v) => sameSecret(v, session.token))) return 'cookie';
  return null;
}

/** HttpOnly (no script reads it), Strict, and scoped to this start's folder so no other local server receives it. */
export function sessionCookie(session: Session): string {
  return `${SESSION_COOKIE}=${session.token}; HttpOnly; SameSite=Strict; Path=${sessionFolder(session)}`;
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
  const name = (hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0])?.toLowerCase();
  if (!name) return false;
  return isLoopbackHost(name) || name === boundHost || `[${boundHost}]` === name;
}
