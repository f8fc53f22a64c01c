import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { KintsugiError } from '../../src-shared/errors.js';

/**
 * Read a file the user named, whole, refusing what is not a regular file and what is over `maxBytes`. A device
 * (`/dev/zero` reports size 0 and never ends) or a FIFO (which would block the open) is refused by what the open
 * descriptor is, not by a size; the read itself never goes past the limit either, so a file that grows while it is
 * read cannot take more.
 */
export async function readRegularFile(path: string, maxBytes: number, tooLarge: (bytes: number) => KintsugiError): Promise<Buffer> {
  // Non-blocking, so that opening a FIFO returns at once and fstat can refuse it.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new KintsugiError('E_INVALID_ARGUMENT', `${path} is not a regular file (a folder, device or pipe cannot be read as one)`);
    if (info.size > maxBytes) throw tooLarge(info.size);
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled > maxBytes) throw tooLarge(filled);
      if (filled === buffer.length) break;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}
