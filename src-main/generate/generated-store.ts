import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { GeneratedImage } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { writeFileAtomic } from '../images/write-atomic.js';

/** Generated images wait here, relative to the data folder, one subfolder per app: `cache/generated/<pid>-<uuid>/`. */
export const GENERATED_FOLDER = join('cache', 'generated');
/** Older images are deleted beyond this many: the panel shows the latest grid and strip, not hours of them. */
export const MAX_KEPT = 512;

/** A generated image and its temporary file. */
export interface StoredImage {
  image: GeneratedImage;
  path: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The temporary PNGs of generated images until the user saves some to the library. Each app has its own folder, named
 * by its process id, because the app and the CLI share a data folder: a CLI command starting must not delete the
 * images the app shows. Folders of processes that are gone (a crash, a quit) are deleted at start.
 */
export class GeneratedStore {
  readonly #root: string;
  readonly #folder: string;
  readonly #images = new Map<number, StoredImage>();
  #nextId = 1;

  constructor(dataDir: string) {
    this.#root = join(dataDir, GENERATED_FOLDER);
    this.#folder = join(this.#root, `${process.pid}-${randomUUID()}`);
  }

  /** Delete the folders of processes that ended (and anything else that is not an app's folder). */
  async sweep(): Promise<void> {
    const names = await readdir(this.#root).catch(() => [] as string[]);
    const ended = (name: string): boolean => {
      const pid = /^(\d+)-/.exec(name)?.[1];
      return pid === undefined || !processAlive(Number(pid));
    };
    await Promise.all(names.filter(ended).map((name) => rm(join(this.#root, name), { recursive: true, force: true })));
  }


  /** Keep a PNG under a new id; the oldest images beyond MAX_KEPT are deleted. */
  async add(png: Uint8Array, image: Omit<GeneratedImage, 'id'>): Promise<GeneratedImage> {
    await mkdir(this.#folder, { recursive: true });
    const id = this.#nextId++;
    const path = join(this.#folder, `${id}.png`);
    await writeFileAtomic(path, png);
    const stored = { image: { id, ...image }, path };
    this.#images.set(id, stored);
    for (const old of [...this.#images.keys()].slice(0, Math.max(0, this.#images.size - MAX_KEPT))) {
      const path = this.#images.get(old)?.path;
      this.#images.delete(old);
      if (path) await rm(path, { force: true });
    }
    return stored.image;
  }

  get(id: number): StoredImage {
    const stored = this.#images.get(id);
    if (!stored) throw new KintsugiError('E_NOT_FOUND', `No generated image with id ${id} (generated images last until the app restarts)`);
    return stored;
  }

  bytes(id: number): Promise<Buffer> {
    return readFile(this.get(id).path);
  }

  /** Delete this process's folder (at close). */
  async clear(): Promise<void> {
    this.#images.clear();
    await rm(this.#folder, { recursive: true, force: true });
  }
}
