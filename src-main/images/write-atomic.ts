import { randomUUID } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
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
  const temp = tempPathBeside(target);
  try {
    await writeFile(temp, data, { flag: 'wx' });
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
