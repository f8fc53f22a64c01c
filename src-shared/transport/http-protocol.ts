/**
 * The local server transport of the contract (`kintsugi serve`).
 *
 * Each start of the server makes a new random token and a new session folder `/s/<id>/`; the printed address is
 * `http://127.0.0.1:PORT/s/<id>/?token=…`. The server trades the token for an HttpOnly cookie scoped to that folder
 * (`Path=/s/<id>/`), so the browser sends it to nothing else: not to other servers on 127.0.0.1 (cookies ignore the
 * port, paths they do not), nor to a later start of this one. The page, its assets, the API, media and the WebSocket
 * all live in that folder. Scripts send `Authorization: Bearer <token>` instead, in the folder or at the root.
 */
export const HTTP_PATHS = {
  /** POST `${invoke}<channel>` with a wire-encoded request body (Content-Type: application/json); answers a wire-encoded InvokeResult. */
  invoke: 'api/invoke/',
  /** WebSocket; server → client messages are wire-encoded `EventMessage`s. */
  events: 'api/events',
  /** GET `${media}<kind>/<id>`. */
  media: 'media/',
  /** GET: 200 while this session's credentials are accepted, 401 once the server that issued them has gone. */
  session: 'api/session',
} as const;

/** The first segment of every session folder (`/s/<id>/`). */
export const SESSION_PREFIX = '/s/';
export const SESSION_COOKIE = 'kintsugi_session';
export const TOKEN_QUERY = 'token';

export interface EventMessage {
  event: string;
  payload: unknown;
}

/**
 * What a page of an earlier server start tells the user, in the app (its link refused) and as the server's answer
 * to a reload. The token rotates on every start, so the page cannot reconnect by itself: only the new address can.
 */
export const SESSION_ENDED = {
  title: 'Kintsugi was restarted: open its new address',
  lines: [
    'This page belongs to an earlier start of `kintsugi serve`. Every start makes a new access key, so pages and bookmarks of an earlier start stop working.',
    'Open the address that `kintsugi serve` printed in its terminal when it started (it looks like http://127.0.0.1:4178/s/…/?token=…). Everything you accepted is kept in the library.',
  ],
} as const;

/** The server's answer to a page request without any credentials (an address typed without its token). */
export const SESSION_MISSING = {
  title: 'Kintsugi needs its access key',
  lines: [
    'This address lacks the access key. Open the full address that `kintsugi serve` printed in its terminal (it looks like http://127.0.0.1:4178/s/…/?token=…).',
  ],
} as const;
