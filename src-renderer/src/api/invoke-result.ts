import { isErrorCode, KintsugiError, type ErrorData, type InvokeResult } from '../../../src-shared/errors.js';

function isErrorData(value: unknown): value is ErrorData {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return isErrorCode(v.code) && typeof v.message === 'string';
}

function isInvokeResult(value: unknown): value is InvokeResult<unknown> {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (v.ok === true && 'value' in v) || (v.ok === false && isErrorData(v.error));
}

/**
 * Both transports answer with the router's envelope, so a failure keeps its code whatever carried it (Electron IPC
 * would strip the fields of a thrown Error). Anything else is a broken host, reported as such rather than trusted.
 */
export function unwrapInvokeResult(channel: string, value: unknown): unknown {
  if (!isInvokeResult(value)) {
    throw new KintsugiError('E_INTERNAL', `The answer to ${channel} was not a result envelope`);
  }
  if (!value.ok) throw KintsugiError.fromData(value.error);
  return value.value;
}

/** Any thrown value as a KintsugiError, so callers and toasts only ever deal with one shape. */
export function toKintsugiError(err: unknown, fallback: ErrorData['code'] = 'E_INTERNAL'): KintsugiError {
  if (err instanceof KintsugiError) return err;
  if (isErrorData(err)) return KintsugiError.fromData(err);
  const message = err instanceof Error ? err.message : String(err);
  return new KintsugiError(fallback, message);
}
