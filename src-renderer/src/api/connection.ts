/**
 * The link to the host that pushes events. Only the local server can drop away (it is a separate process the user
 * may stop or restart): `reconnecting` while it cannot be reached, `ended` once a server answers that no longer
 * accepts this page's credentials (a restart makes new ones), which only opening its new address can fix.
 */
export type LinkState = 'connected' | 'reconnecting' | 'ended';

export interface ConnectionStatus {
  readonly state: LinkState;
  /** Called on every change; returns the unsubscribe function. */
  subscribe(listener: (state: LinkState) => void): () => void;
}

/** For hosts that cannot disconnect (Electron IPC). */
export const ALWAYS_CONNECTED: ConnectionStatus = {
  state: 'connected',
  subscribe: () => () => {},
};
