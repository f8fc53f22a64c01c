import { randomUUID } from 'node:crypto';
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A unique hidden name beside `target` to write it under first. It starts with a dot, so folder walks skip it. */
export function tempPathBeside(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomUUID()}.part`);
}

/**
 * Write `data` to a hidden temp file beside `target`, then rename it into place, so no reader (nor a crash) ever
 * sees a half-written file.
 */
export async function writeFileAtomic(target: string, data: Uint8Array): Promise<void> {
  await writeAtomic(target, (handle) => handle.writeFile(data));
}

/** Like writeFileAtomic, for content written piece by piece: `write` fills the new temp file through `handle`. */
export async function writeAtomic(target: string, write: (handle: FileHandle) => Promise<void>): Promise<void> {
  const temp = tempPathBeside(target);
  try {
    const handle = await open(temp, 'wx');
    try {
      await write(handle);
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
