/**
 * Errors are data: every failure that crosses the contract is one of these codes, so the renderer, the CLI and
 * tests can react to a code instead of parsing messages.
 */
export const ERROR_CODES = [
  'E_INVALID_ARGUMENT', // request failed schema validation or is semantically wrong
  'E_NOT_FOUND', // a referenced record or file does not exist
  'E_BAD_IMAGE', // a file is not a decodable image (corrupt, truncated, empty, wrong type)
  'E_IMAGE_TOO_LARGE', // an image exceeds the pixel limit and was refused before decoding
  'E_DUPLICATE', // the same content is already in the library
  'E_FORBIDDEN', // the caller may not touch this file or channel
  'E_UNAUTHORIZED', // the local server token is missing or wrong
  'E_UNSUPPORTED', // this host cannot do that (e.g. no native dialogs in browser mode)
  'E_IO', // reading or writing a file failed
  'E_DB', // the library database refused the operation
  'E_BACKEND', // no compute backend could be loaded, or a forced one is unavailable
  'E_CANCELLED', // the operation was cancelled by the user
  'E_BAD_MODEL', // a model file is invalid, incompatible or of the wrong kind
  'E_BUSY', // the thing is in a state that forbids this now (e.g. removing a running training run)
  'E_INTERNAL', // a bug: anything not mapped to a code above
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorData {
  code: ErrorCode;
  message: string;
  /** Optional structured detail, e.g. the failing field paths of a validation error. */
  details?: unknown;
}

export class KintsugiError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'KintsugiError';
    this.code = code;
    this.details = details;
  }

  toData(): ErrorData {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromData(data: ErrorData): KintsugiError {
    return new KintsugiError(data.code, data.message, data.details);
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** The envelope every invocation returns, whatever the transport. */
export type InvokeResult<T> = { ok: true; value: T } | { ok: false; error: ErrorData };
