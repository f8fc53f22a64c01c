/**
 * The local server transport of the contract (`kintsugi serve`). Authentication: the token from the printed URL
 * (`/?token=…`) is exchanged once for an HttpOnly SameSite=Strict cookie, which then rides on every request,
 * media URL and the WebSocket upgrade; `Authorization: Bearer <token>` works too, for scripts.
 */
export const HTTP_PATHS = {
  /** POST `${invoke}<channel>` with a wire-encoded request body; answers a wire-encoded InvokeResult. */
  invoke: '/api/invoke/',
  /** WebSocket; server → client messages are wire-encoded `EventMessage`s. */
  events: '/api/events',
  /** GET `${media}<kind>/<id>`. */
  media: '/media/',
} as const;

export const TOKEN_COOKIE = 'kintsugi_token';
export const TOKEN_QUERY = 'token';

export interface EventMessage {
  event: string;
  payload: unknown;
}
