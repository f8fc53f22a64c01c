import { join } from 'node:path';

/** Repository (or unpacked app) root: this file sits two folders below it in the source tree. */
export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

/** The built renderer that `serve` hands out (`npm run build` makes it). */
export function rendererDir(): string {
  return join(PROJECT_ROOT, 'out', 'renderer');
}
