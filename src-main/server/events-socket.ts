import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeWire } from '../../src-shared/wire-codec.js';
import type { EventMessage } from '../../src-shared/transport/http-protocol.js';

/** Push channel for contract events; one socket per open page. */
export class EventsSocket {
  readonly #wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });

  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      // The page never sends anything; a client that does is ignored rather than trusted.
      ws.on('message', () => {});
    });
  }

  broadcast(message: EventMessage): void {
    const text = encodeWire(message);
    for (const client of this.#wss.clients) {
      if (client.readyState === client.OPEN) client.send(text);
    }
  }

  close(): void {
    for (const client of this.#wss.clients) client.terminate();
    this.#wss.close();
  }
}
