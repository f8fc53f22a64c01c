import type { ChannelName, RequestOf, ResponseOf } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import type { App } from '../app/create-app.js';
import { OpenFileAccess } from '../app/open-file-access.js';
import type { CallContext } from '../router/types.js';

/** The CLI goes through the same router and validation as the UI; failures come back as thrown KintsugiErrors. */
export async function call<C extends ChannelName>(
  app: App,
  channel: C,
  request: RequestOf<C>,
  emit: CallContext['emit'] = () => {},
): Promise<ResponseOf<C>> {
  const result = await app.router.invoke(channel, request, { emit, files: new OpenFileAccess() });
  if (!result.ok) throw KintsugiError.fromData(result.error);
  return result.value as ResponseOf<C>;
}
