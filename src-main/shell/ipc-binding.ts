import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import type { EventName, EventOf } from '../../src-shared/contract/index.js';
import type { InvokeResult } from '../../src-shared/errors.js';
import { ELECTRON_IPC } from '../../src-shared/transport/electron-ipc.js';
import type { Router } from '../router/router.js';
import type { CallContext, FileAccess } from '../router/types.js';
import { isAppUrl } from './window.js';

/** Events go to whichever window is open when they fire; none open, none sent. */
export function createCallContext(getWindow: () => BrowserWindow | null, files: FileAccess): CallContext {
  return {
    emit<E extends EventName>(event: E, payload: EventOf<E>): void {
      const contents = getWindow()?.webContents;
      if (contents && !contents.isDestroyed()) contents.send(ELECTRON_IPC.event, event, payload);
    },
    files,
  };
}

/** Only the top frame of our own window, showing our own page, may call the router. */
function isTrustedSender(event: IpcMainInvokeEvent, win: BrowserWindow | null): boolean {
  const frame = event.senderFrame;
  return !!win && !win.isDestroyed() && event.sender === win.webContents && !!frame && frame.parent === null && isAppUrl(frame.url);
}

/**
 * Bind every contract channel to one IPC handler. The router validates the channel name and the request; this
 * checks who is asking. Returns the unbinding function.
 */
export function bindRouter(router: Router, getWindow: () => BrowserWindow | null, ctx: CallContext): () => void {
  ipcMain.handle(ELECTRON_IPC.invoke, (event, channel: unknown, request: unknown): Promise<InvokeResult<unknown>> | InvokeResult<unknown> => {
    if (!isTrustedSender(event, getWindow())) {
      return { ok: false, error: { code: 'E_FORBIDDEN', message: 'This frame may not call Kintsugi' } };
    }
    if (typeof channel !== 'string') {
      return { ok: false, error: { code: 'E_INVALID_ARGUMENT', message: 'The channel name must be a string' } };
    }
    return router.invoke(channel, request, ctx);
  });
  return () => ipcMain.removeHandler(ELECTRON_IPC.invoke);
}
