import { KintsugiError, type ErrorCode, type ErrorData } from '../../src-shared/errors.js';

const FS_CODES: Record<string, ErrorCode> = {
  ENOENT: 'E_NOT_FOUND',
  ENOTDIR: 'E_NOT_FOUND',
  EACCES: 'E_FORBIDDEN',
  EPERM: 'E_FORBIDDEN',
  EROFS: 'E_IO',
  ENOSPC: 'E_IO',
  EIO: 'E_IO',
  EDQUOT: 'E_IO',
  EMFILE: 'E_IO',
  EBUSY: 'E_BUSY',
  EISDIR: 'E_INVALID_ARGUMENT',
  ENAMETOOLONG: 'E_INVALID_ARGUMENT',
  ELOOP: 'E_INVALID_ARGUMENT',
  // Node refuses a path holding a NUL byte before it reaches the disk.
  ERR_INVALID_ARG_VALUE: 'E_INVALID_ARGUMENT',
};

/** Map anything thrown by a service to the error data that crosses the contract. */
export function toErrorData(err: unknown): ErrorData {
  if (err instanceof KintsugiError) return err.toData();
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    if (err.name === 'SqliteError') {
      return { code: 'E_DB', message: `Library database error (${code ?? 'unknown'}): ${err.message}` };
    }
    if (typeof code === 'string' && code in FS_CODES) {
      return { code: FS_CODES[code] as ErrorCode, message: err.message };
    }
    return { code: 'E_INTERNAL', message: err.message };
  }
  return { code: 'E_INTERNAL', message: String(err) };
}
