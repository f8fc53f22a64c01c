// Sandboxed preload: bundled into one CommonJS file, so it may import only 'electron' and dependency-free shared
// modules (never the contract index, which pulls in zod).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { PreloadBridge } from '../../src-shared/api.js';
import { MEDIA_PROTOCOL, mediaPath, type MediaKind } from '../../src-shared/contract/media.js';
import { ELECTRON_IPC } from '../../src-shared/transport/electron-ipc.js';

const bridge: PreloadBridge = {
  invoke(channel: string, request: unknown): Promise<unknown> {
    if (typeof channel !== 'string') return Promise.reject(new TypeError('channel must be a string'));
    return ipcRenderer.invoke(ELECTRON_IPC.invoke, channel, request);
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    // The IPC event object (with its sender) never reaches the page: only the payload of the named event.
    const relay = (_e: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(ELECTRON_IPC.event, relay);
    return () => {
      ipcRenderer.removeListener(ELECTRON_IPC.event, relay);
    };
  },
  mediaUrl(kind: MediaKind, id: number, version?: string): string {
    return `${MEDIA_PROTOCOL}://${mediaPath(kind, id, version)}`;
  },
};

contextBridge.exposeInMainWorld('kintsugi', bridge);
