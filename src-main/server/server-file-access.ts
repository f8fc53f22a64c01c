import { isAbsolute } from 'node:path';
import { KintsugiError } from '../../src-shared/errors.js';
import type { FileAccess } from '../router/types.js';

function requireAbsolute(path: string): void {
  if (isAbsolute(path)) return;
  throw new KintsugiError(
    'E_INVALID_ARGUMENT',
    `"${path}" is a relative path: give the full path (it would be taken relative to the folder the server was started in, which the page cannot see)`,
  );
}

/**
 * File access for the local server: the token holder may use every path the OS lets this user reach (as in the
 * CLI), but only absolute ones, since a page has no working folder of its own.
 */
export class ServerFileAccess implements FileAccess {
  assertReadable(path: string): void {
    requireAbsolute(path);
  }

  assertWritable(path: string): void {
    requireAbsolute(path);
  }

  grant(): void {}
}
