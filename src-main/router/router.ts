import { z } from 'zod';
import { channels, isChannelName } from '../../src-shared/contract/index.js';
import { KintsugiError, type ErrorData, type InvokeResult } from '../../src-shared/errors.js';
import { toErrorData } from './error-mapping.js';
import type { CallContext, Handlers } from './types.js';

export interface Router {
  /** Validate, dispatch and validate the answer. Never throws: failures come back as typed error data. */
  invoke(channel: string, request: unknown, ctx: CallContext): Promise<InvokeResult<unknown>>;
}

function validationError(channel: string, error: z.ZodError): ErrorData {
  const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = issues[0];
  const where = first && first.path ? ` at "${first.path}"` : '';
  return {
    code: 'E_INVALID_ARGUMENT',
    message: `Invalid request for ${channel}${where}: ${first?.message ?? 'bad input'}`,
    details: issues,
  };
}

export function createRouter(handlers: Handlers, log: (line: string) => void = () => {}): Router {
  return {
    async invoke(channel, request, ctx) {
      if (!isChannelName(channel)) {
        return { ok: false, error: { code: 'E_NOT_FOUND', message: `Unknown channel "${channel}"` } };
      }
      const handler = handlers[channel] as ((req: unknown, ctx: CallContext) => unknown) | undefined;
      if (!handler) {
        return { ok: false, error: { code: 'E_UNSUPPORTED', message: `"${channel}" is not available in this mode` } };
      }
      const spec = channels[channel];
      // Requests are validated before any handler runs, so a bad request can change nothing.
      const parsed = spec.request.safeParse(request ?? {});
      if (!parsed.success) return { ok: false, error: validationError(channel, parsed.error) };
      try {
        const value = await handler(parsed.data, ctx);
        const checked = spec.response.safeParse(value);
        if (!checked.success) {
          log(`response of ${channel} broke its schema: ${checked.error.message}`);
          throw new KintsugiError('E_INTERNAL', `The answer of ${channel} did not match the contract`);
        }
        return { ok: true, value: checked.data };
      } catch (err) {
        const data = toErrorData(err);
        if (data.code === 'E_INTERNAL') log(`${channel} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return { ok: false, error: data };
      }
    },
  };
}
