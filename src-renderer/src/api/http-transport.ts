import type { KintsugiApi } from '../../../src-shared/api.js';
import type { ChannelName, EventName, EventOf, RequestOf, ResponseOf } from '../../../src-shared/contract/index.js';
import { mediaPath } from '../../../src-shared/contract/media.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import { HTTP_PATHS } from '../../../src-shared/transport/http-protocol.js';
import { decodeWire, encodeWire } from '../../../src-shared/wire-codec.js';
import { EventSocket, type SessionProbe } from './event-socket.js';
import { unwrapInvokeResult } from './invoke-result.js';

async function post(channel: string, body: string): Promise<Response> {
  try {
    return await fetch(HTTP_PATHS.invoke + channel, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      credentials: 'same-origin',
    });
  } catch (err) {
    // fetch only rejects when no answer came at all: the server is stopped or unreachable.
    const why = err instanceof Error ? err.message : String(err);
    throw new KintsugiError('E_IO', `Cannot reach the Kintsugi server (${why}). Is \`kintsugi serve\` still running?`);
  }
}

const probeSession: SessionProbe = async () => {
  try {
    const res = await fetch(HTTP_PATHS.session, { credentials: 'same-origin', cache: 'no-store' });
    return res.status === 401 ? 'refused' : 'accepted';
  } catch {
    return 'unreachable';
  }
};

/**
 * The local server transport (`kintsugi serve`): invocations are POSTs, events come over one WebSocket. Both
 * travel with the session cookie, which the server scoped to the page's own folder: every path here is relative to
 * it, and no token is ever handled here.
 */
export function createHttpApi(location: Location): { api: KintsugiApi; events: EventSocket } {
  const wsUrl = new URL(HTTP_PATHS.events, location.href);
  wsUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const events = new EventSocket(wsUrl.href, probeSession);

  const api: KintsugiApi = {
    async invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      const response = await post(channel, encodeWire(request));
      if (response.status === 401) events.end();
      const text = await response.text();
      let answer: unknown;
      try {
        answer = decodeWire(text);
      } catch {
        // Errors of the router are JSON whatever the status; anything else came from outside it.
        throw new KintsugiError('E_IO', `The server answered ${channel} with HTTP ${response.status} and no result`);
      }
      return unwrapInvokeResult(channel, answer) as ResponseOf<C>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void {
      return events.on(event, (payload) => listener(payload as EventOf<E>));
    },
    mediaUrl: (kind, id, version) => HTTP_PATHS.media + mediaPath(kind, id, version),
  };
  return { api, events };
}
