/**
 * Whether the host can currently push events. Only the local server can drop away (it is a separate process the
 * user may stop); the renderer shows the state and reloads what it may have missed when the link comes back.
 */
export interface ConnectionStatus {
  readonly connected: boolean;
  /** Called on every change; returns the unsubscribe function. */
  subscribe(listener: (connected: boolean) => void): () => void;
}

/** For hosts that cannot disconnect (Electron IPC). */
export const ALWAYS_CONNECTED: ConnectionStatus = {
  connected: true,
  subscribe: () => () => {},
};
