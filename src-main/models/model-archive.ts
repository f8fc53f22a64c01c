import { createReadStream } from 'node:fs';
import { mkdir, readFile, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { AsyncZipDeflate, unzipSync, Zip, ZipPassThrough } from 'fflate';
import { KintsugiError } from '../../src-shared/errors.js';
import { MANIFEST_FILE } from '../../src-shared/models/manifest.js';
import { checkDestination, writeError } from '../images/export-image.js';
import { walkFiles } from '../images/walk.js';
import { readRegularFile } from '../images/read-regular-file.js';
import { writeAtomic } from '../images/write-atomic.js';
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
 * Files are read and zipped a slice at a time: a stored slice's checksum takes about a millisecond on this thread and
 * deflating runs in fflate's worker, so a 1 GiB model never stalls the main process, nor sits in memory whole.
 */
const SLICE_BYTES = 1024 ** 2;

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
  const files = await walkFiles(folder);
  let bytes = 0;
  try {
    await writeAtomic(path, async (handle) => {
      bytes = await zipFolderInto(handle, folder, files, name);
    });
  } catch (err) {
    throw err instanceof KintsugiError ? err : writeError(err, path);
  }
  return { path, bytes };
}

/** Zips `files` (inside `folder`) into `handle`, in order, waiting for each slice to be written; returns the size. */
async function zipFolderInto(handle: FileHandle, folder: string, files: readonly string[], name: string): Promise<number> {
  const out = orderedWriter(handle);
  let bytes = 0;
  let zipError: Error | null = null;
  let ended!: () => void;
  const end = new Promise<void>((resolve) => (ended = resolve));
  const zip = new Zip((err, chunk, final) => {
    if (err) {
      zipError = err;
      ended();
      return;
    }
    bytes += chunk.byteLength;
    out.write(chunk);
    if (final) ended();
  });
  const check = async (): Promise<void> => {
    await out.drain();
    if (zipError) throw zipError;
  };
  try {
    for (const file of files) {
      const entry = relative(folder, file).split(sep).join('/');
      const stream = entry.endsWith('.bin') ? new ZipPassThrough(entry) : new AsyncZipDeflate(entry, { level: 9 });
      zip.add(stream);
      if (entry === MANIFEST_FILE) {
        stream.push(renamedManifest(await readFile(file, 'utf8'), name), true);
        continue;
      }
      for await (const slice of createReadStream(file, { highWaterMark: SLICE_BYTES })) {
        stream.push(slice as Uint8Array);
        await check();
      }
      stream.push(new Uint8Array(0), true);
    }
    zip.end();
    await end;
    await check();
  } catch (err) {
    zip.terminate();
    throw err;
  }
  return bytes;
}

/** Queues writes to `handle` one after another; `drain()` waits for all queued so far and reports a failed one. */
function orderedWriter(handle: FileHandle): { write(chunk: Uint8Array): void; drain(): Promise<void> } {
  let tail: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;
  return {
    write(chunk) {
      tail = tail
        .then(() => (failure ? undefined : handle.writeFile(chunk)))
        .catch((error: unknown) => {
          failure = { error };
        });
    },
    async drain() {
      await tail;
      if (failure) throw failure.error;
    },
  };
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
