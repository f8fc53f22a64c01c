import type { ErrorCode } from '../../src-shared/errors.js';

/**
 * The HTTP status of each error code, so that scripts and proxies can tell a bad request (4xx) from a failing
 * machine (5xx) without reading the body; 500 is kept for E_INTERNAL, a bug.
 */
const STATUS_OF: Record<ErrorCode, number> = {
  E_INVALID_ARGUMENT: 400,
  E_UNAUTHORIZED: 401,
  E_FORBIDDEN: 403,
  E_NOT_FOUND: 404,
  E_DUPLICATE: 409,
  E_BUSY: 409,
  E_CANCELLED: 409,
  E_IMAGE_TOO_LARGE: 413,
  E_BAD_IMAGE: 422,
  E_BAD_MODEL: 422,
  E_UNSUPPORTED: 501,
  E_IO: 503,
  E_DB: 503,
  E_BACKEND: 503,
  E_INTERNAL: 500,
};

export function httpStatusOf(code: ErrorCode): number {
  return STATUS_OF[code];
}
