import type { EventMessage } from '../../../src-shared/transport/http-protocol.js';
import { decodeWire } from '../../../src-shared/wire-codec.js';
import type { ConnectionStatus } from './connection.js';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10_000;

function isEventMessage(value: unknown): value is EventMessage {
  return value !== null && typeof value === 'object' && typeof (value as Record<string, unknown>).event === 'string';
}

/**
 * One WebSocket for all push events of the local server. It reconnects with capped backoff for as long as the page
 * lives, because the server may restart under an open page; the auth cookie rides on every upgrade.
 */
export class EventSocket implements ConnectionStatus {
  readonly #url: string;
  readonly #listeners = new Map<string, Set<(payload: unknown) => void>>();
  readonly #statusListeners = new Set<(connected: boolean) => void>();
  #socket: WebSocket | null = null;
  #retryMs = FIRST_RETRY_MS;
  #connected = false;

  constructor(url: string) {
    this.#url = url;
    this.#open();
  }

  get connected(): boolean {
    return this.#connected;
  }

  subscribe(listener: (connected: boolean) => void): () => void {
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

  #open(): void {
    const socket = new WebSocket(this.#url);
    this.#socket = socket;
    socket.onopen = () => {
      this.#retryMs = FIRST_RETRY_MS;
      this.#setConnected(true);
    };
    socket.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data === 'string') this.#dispatch(ev.data);
    };
    // An error is always followed by close, where the retry is scheduled.
    socket.onclose = () => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      this.#setConnected(false);
      setTimeout(() => this.#open(), this.#retryMs);
      this.#retryMs = Math.min(this.#retryMs * 2, MAX_RETRY_MS);
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

  #setConnected(connected: boolean): void {
    if (this.#connected === connected) return;
    this.#connected = connected;
    for (const listener of this.#statusListeners) listener(connected);
  }
}
