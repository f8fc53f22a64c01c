import type { EventMessage } from '../../../src-shared/transport/http-protocol.js';
import { decodeWire } from '../../../src-shared/wire-codec.js';
import type { ConnectionStatus, LinkState } from './connection.js';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

/** What the server says of this page's credentials: a browser cannot read why a WebSocket upgrade failed. */
export type SessionProbe = () => Promise<'accepted' | 'refused' | 'unreachable'>;

function isEventMessage(value: unknown): value is EventMessage {
  return value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>).event === 'string';
}

/**
 * One WebSocket for all push events of the local server. When it drops, it retries with capped backoff while the
 * server is unreachable, and stops for good (`ended`) once a server answers that refuses this page's credentials:
 * a restarted server has a new token, and retrying could never succeed.
 */
export class EventSocket implements ConnectionStatus {
  readonly #url: string;
  readonly #probe: SessionProbe;
  readonly #listeners = new Map<string, Set<(payload: unknown) => void>>();
  readonly #statusListeners = new Set<(state: LinkState) => void>();
  #socket: WebSocket | null = null;
  #retryMs = FIRST_RETRY_MS;
  #state: LinkState = 'reconnecting';

  constructor(url: string, probe: SessionProbe) {
    this.#url = url;
    this.#probe = probe;
    this.#open();
  }

  get state(): LinkState {
    return this.#state;
  }

  subscribe(listener: (state: LinkState) => void): () => void {
    this.#statusListeners.add(listener);
    return () => this.#statusListeners.delete(listener);
  }

  on(event: string, listener: (payload: unknown) => void): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /** The server refused this page's credentials (an invocation said so, or the probe did). */
  end(): void {
    if (this.#state === 'ended') return;
    this.#setState('ended');
    const socket = this.#socket;
    this.#socket = null;
    socket?.close();
  }

  #open(): void {
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    socket.onopen = () => {
      this.#retryMs = FIRST_RETRY_MS;
      this.#setState('connected');
    };
    socket.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data === 'string') this.#dispatch(ev.data);
    };
    // An error is always followed by close, where the next step is decided.
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#setState('reconnecting');
      void this.#probe().then((answer) => {
        if (this.#state === 'ended') return;
        if (answer === 'refused') return this.end();
        setTimeout(() => this.#state !== 'ended' && this.#open(), this.#retryMs);
        this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS);
      });
    };
  }

  #dispatch(text: string): void {
    let message: unknown;
    try {
      message = decodeWire(text);
    } catch {
      console.warn('Kintsugi: ignored an event that is not valid JSON');
      return;
    }
    if (!isEventMessage(message)) return;
    for (const listener of this.#listeners.get(message.event) ?? []) {
      // One failing listener must not starve the others of the event.
      try {
        listener(message.payload);
      } catch (err) {
        console.error(`Kintsugi: listener of ${message.event} failed`, err);
      }
    }
  }

  #setState(state: LinkState): void {
    if (this.#state === state) return;
    this.#state = state;
    for (const listener of this.#statusListeners) listener(state);
  }
}
