import type { IncomingMessage } from 'node:http';

/**
 * Cross-site request forgery: SameSite cookies do not separate ports (every 127.0.0.1 port is the same site), so a
 * page on another local port could otherwise make the browser send requests here. What a browser says about where
 * a request comes from (`Origin`, `Sec-Fetch-Site`) must name this very origin; scripts send neither and prove
 * themselves with the bearer token. Returns why the request is refused, or null.
 */
export function foreignOriginReason(req: IncomingMessage): string | null {
  const origin = req.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${req.headers.host ?? ''}`.toLowerCase()) {
    return `Requests from another origin (${origin.slice(0, 100)}) are refused`;
  }
  const site = req.headers['sec-fetch-site'];
  if (site === undefined || site === 'same-origin' || site === 'none') return null;
  // A link the user follows from elsewhere may open the page; nothing but this page may fetch from it.
  if (req.headers['sec-fetch-mode'] === 'navigate' && (req.method === 'GET' || req.method === 'HEAD')) return null;
  return `Requests from another site (Sec-Fetch-Site: ${site.slice(0, 40)}) are refused`;
}

/**
 * Invocations must say they are JSON: a cross-origin page can only send `text/plain`, form or no type without a
 * CORS preflight, which this server never grants.
 */
export function isJsonRequest(req: IncomingMessage): boolean {
  const type = req.headers['content-type'];
  return type !== undefined && type.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/** A page load (the address bar, a reload, a link) rather than a fetch of the app: it should get a page that says what to do. */
export function isPageRequest(req: IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const mode = req.headers['sec-fetch-mode'];
  if (mode !== undefined) return mode === 'navigate';
  return (req.headers.accept ?? '').includes('text/html');
}
