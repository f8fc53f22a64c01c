import type { KintsugiApi, PreloadBridge } from '../../../src-shared/api.js';
import type { ChannelName, EventName, EventOf, RequestOf, ResponseOf } from '../../../src-shared/contract/index.js';
import { toKintsugiError, unwrapInvokeResult } from './invoke-result.js';

/**
 * The Electron transport: the preload's untyped bridge behind the typed API. Main validates every request and
 * response against the contract, so the casts here restate what the router already checked.
 */
export function createIpcApi(bridge: PreloadBridge): KintsugiApi {
  return {
    async invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
      let answer: unknown;
      try {
        answer = await bridge.invoke(channel, request);
      } catch (err) {
        throw toKintsugiError(err);
      }
      return unwrapInvokeResult(channel, answer) as ResponseOf<C>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventOf<E>) => void): () => void {
      return bridge.on(event, (payload) => listener(payload as EventOf<E>));
    },
    mediaUrl: (kind, id, version) => bridge.mediaUrl(kind, id, version),
  };
}
