import type { KintsugiApi } from '../../../src-shared/api.js';
import { removeTokenFromAddressBar } from './auth-token.js';
import { ALWAYS_CONNECTED, type ConnectionStatus } from './connection.js';
import { createHttpApi } from './http-transport.js';
import { createIpcApi } from './ipc-transport.js';

export interface ApiConnection {
  api: KintsugiApi;
  status: ConnectionStatus;
}

/**
 * Picks the transport by what exists: the Electron preload's bridge, else the local server this page came from.
 * Everything after this point sees only the typed KintsugiApi.
 */
export function connect(win: Window): ApiConnection {
  if (win.kintsugi) return { api: createIpcApi(win.kintsugi), status: ALWAYS_CONNECTED };
  removeTokenFromAddressBar(win);
  const { api, events } = createHttpApi(win.location);
  return { api, status: events };
}
