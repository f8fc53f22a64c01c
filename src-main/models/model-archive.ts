import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { KintsugiError } from '../../src-shared/errors.js';
import { MANIFEST_FILE } from '../../src-shared/models/manifest.js';
import { checkDestination, writeError } from '../images/export-image.js';
import { walkFiles } from '../images/walk.js';
import { readRegularFile } from '../images/read-regular-file.js';
import { writeFileAtomic } from '../images/write-atomic.js';
import { checkManifest } from './model-folder.js';

/** Largest `.kintsugi-model` file import reads, and the most its entries may unpack to: far above any model here. */
export const MAX_ARCHIVE_BYTES = 1024 ** 3;
export const MAX_UNPACKED_BYTES = 1024 ** 3;
export const MAX_ENTRIES = 64;

/** An entry name is a relative path of plain segments: no `..`, no absolute path, no drive, no backslash. */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$/;

function bad(message: string): KintsugiError {
  return new KintsugiError('E_BAD_MODEL', message);
}

function isSafeEntryName(name: string): boolean {
  const segments = name.split('/');
  return segments.length <= 4 && segments.every((s) => SEGMENT.test(s));
}

/**
 * Write a model folder as one zip at `dest` (temp name, then rename; an existing file only with `overwrite`). Weight
 * shards are stored, not deflated: float weights barely compress, and storing keeps the export fast.
 * `name` is the library's display name: a rename only changes the row, so the exported manifest takes it here and
 * the model re-imports under the name the user sees.
 */
export async function writeModelArchive(
  folder: string,
  dest: string,
  overwrite: boolean,
  name: string,
): Promise<{ path: string; bytes: number }> {
  const path = resolve(dest);
  await checkDestination(path, overwrite);
  const entries: Zippable = {};
  for (const file of await walkFiles(folder)) {
    const entry = relative(folder, file).split(sep).join('/');
    const bytes = entry === MANIFEST_FILE ? renamedManifest(await readFile(file, 'utf8'), name) : await readFile(file);
    entries[entry] = [bytes, { level: entry.endsWith('.bin') ? 0 : 9 }];
  }
  const data = zipSync(entries);
  try {
    await writeFileAtomic(path, data);
  } catch (err) {
    throw writeError(err, path);
  }
  return { path, bytes: data.byteLength };
}

function renamedManifest(text: string, name: string): Uint8Array {
  const manifest = { ...checkManifest(text), name };
  return new TextEncoder().encode(JSON.stringify(manifest, null, 2));
}

/**
 * Unpack a `.kintsugi-model` zip into the empty folder `into`. Refused with E_BAD_MODEL: a file over the size limit,
 * something that is not a zip, an entry whose name could land outside `into`, too many entries, or entries that
 * would unpack to more than the limit. Sizes are checked from the zip's directory before anything is inflated, and
 * inflating never writes past the declared size, so a crafted archive cannot exhaust memory.
 */
export async function extractModelArchive(file: string, into: string): Promise<void> {
  let zip: Buffer;
  try {
    zip = await readRegularFile(file, MAX_ARCHIVE_BYTES, (size) => bad(`${file} is ${Math.round(size / 1024 ** 2)} MiB or more, more than a model file may be`));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new KintsugiError('E_NOT_FOUND', `File not found: ${file}`);
    throw err;
  }
  let entries = 0;
  let unpacked = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (entry) => {
        const name = entry.name.endsWith('/') ? entry.name.slice(0, -1) : entry.name;
        if (!isSafeEntryName(name)) throw bad(`The model file holds an entry named "${entry.name}", which is not allowed`);
        if (++entries > MAX_ENTRIES) throw bad(`The model file holds more than ${MAX_ENTRIES} entries`);
        unpacked += entry.originalSize;
        if (unpacked > MAX_UNPACKED_BYTES) throw bad(`The model file would unpack to more than ${MAX_UNPACKED_BYTES / 1024 ** 2} MiB`);
        return !entry.name.endsWith('/');
      },
    });
  } catch (err) {
    if (err instanceof KintsugiError) throw err;
    throw bad(`${file} is not a Kintsugi model file (not a valid zip: ${(err as Error).message})`);
  }
  for (const [name, data] of Object.entries(files)) {
    const target = join(into, ...name.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data, { flag: 'wx' });
  }
}
