import type { ChannelName, EventName, EventOf, RequestOf, ResponseOf } from './contract/index.js';
import type { MediaKind } from './contract/media.js';

/**
 * The one typed API the renderer uses. Both transports implement it: the Electron preload (IPC) and the local
 * server client (HTTP + WebSocket). Calls reject with a KintsugiError.
 */
export interface KintsugiApi {
  invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  /** Subscribe to a push event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void;
  /** URL at which the renderer may load an image or thumbnail of the library; `version` see `mediaPath`. */
  mediaUrl(kind: MediaKind, id: number, version?: string): string;
}

/** What the Electron preload exposes on `window.kintsugi` (untyped bytes cross IPC as structured clone). */
export interface PreloadBridge {
  invoke(channel: string, request: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  mediaUrl(kind: MediaKind, id: number, version?: string): string;
}
