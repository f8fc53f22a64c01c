import { TOKEN_QUERY } from '../../../src-shared/transport/http-protocol.js';

/**
 * The server trades `?token=` for a cookie, but if the page was ever reached with the token still in its address,
 * drop it now so it neither lingers in history nor leaks through a copied URL or a screenshot.
 */
export function removeTokenFromAddressBar(win: Window): void {
  const url = new URL(win.location.href);
  if (!url.searchParams.has(TOKEN_QUERY)) return;
  url.searchParams.delete(TOKEN_QUERY);
  win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
}
