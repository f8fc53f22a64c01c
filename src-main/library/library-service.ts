import { rm, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type {
  ImageDetails,
  ImageRecord,
  ImageSummary,
  ImportSummary,
  Project,
  Settings,
  UploadedFile,
} from '../../src-shared/contract/index.js';
import { KintsugiError, type ErrorCode } from '../../src-shared/errors.js';
import { hasImageExtension } from '../../src-shared/formats.js';
import { displayCachePath, displayImage, thumbnailMedia, type MediaBytes } from '../images/display.js';
import { sha256File } from '../images/hash.js';
import { probeImage } from '../images/probe.js';
import { makeThumbnail } from '../images/thumbnail.js';
import { walkFiles } from '../images/walk.js';
import { toErrorData } from '../router/error-mapping.js';
import * as images from './images-repo.js';
import * as projects from './projects-repo.js';
import * as settings from './settings-repo.js';
import * as thumbnails from './thumbnails-repo.js';
import { safeFileName, storeUpload } from './upload-store.js';

export interface LibraryServiceOptions {
  db: Database;
  /** The app's data folder: uploads and the display cache live under it. */
  dataDir: string;
}

export interface ImportOptions {
  projectId?: number | undefined;
  /** Called after each file, whatever its outcome. */
  onProgress?: ((done: number, total: number, current: string) => void) | undefined;
}

export type ListOptions = images.ImageListQuery;

/** One file to import: where it is, the name the library shows, and the label reports use for it. */
interface ImportItem {
  path: string;
  name: string;
  label: string;
}

type Outcome =
  | { kind: 'imported'; image: ImageSummary }
  | { kind: 'duplicate'; existingId: number }
  | { kind: 'failed'; code: ErrorCode; message: string };

function emptySummary(): ImportSummary {
  return { imported: [], duplicates: [], failed: [], skipped: [] };
}

function failure(path: string, err: unknown): ImportSummary['failed'][number] {
  const { code, message } = toErrorData(err);
  return { path, code, message };
}

/** Turn each input into files to import; an input that cannot be (a missing folder, a full disk) fails on its own. */
async function gatherItems<T>(
  inputs: readonly T[],
  labelOf: (input: T) => string,
  summary: ImportSummary,
  toItems: (input: T) => Promise<ImportItem[]>,
): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  for (const input of inputs) {
    try {
      items.push(...(await toItems(input)));
    } catch (err) {
      summary.failed.push(failure(labelOf(input), err));
    }
  }
  return items;
}

function toSummary(record: ImageRecord): ImageSummary {
  const { id, projectId, name, width, height, format, addedAt } = record;
  return { id, projectId, name, width, height, format, addedAt };
}

/** The library: import, browse and serve images. SQL stays in the repositories; this composes them with files. */
export class LibraryService {
  readonly #db: Database;
  readonly #dataDir: string;

  constructor(opts: LibraryServiceOptions) {
    this.#db = opts.db;
    this.#dataDir = opts.dataDir;
  }

  get #displayCacheDir(): string {
    return join(this.#dataDir, 'cache', 'display');
  }

  /** Import files and folders (recursively). Every file stands alone: a broken one is reported, never aborts the rest. */
  async importPaths(paths: readonly string[], opts: ImportOptions = {}): Promise<ImportSummary> {
    const projectId = this.#targetProject(opts.projectId);
    const summary = emptySummary();
    const unreadable = (path: string, err: unknown) => summary.failed.push(failure(path, err));
    const notImage = (path: string) => summary.skipped.push({ path, reason: notImageReason(path) });
    const items = await gatherItems(paths, (p) => p, summary, async (requested) =>
      (await expandPath(resolve(requested), unreadable, notImage)).map((path) => ({ path, name: basename(path), label: path })),
    );
    await this.#importItems(items, projectId, summary, opts.onProgress);
    return summary;
  }

  /** Store dropped files' bytes under `<dataDir>/uploads/<day>/`, then import them. Copies not kept are deleted. */
  async importUploads(files: readonly UploadedFile[], opts: ImportOptions = {}): Promise<ImportSummary> {
    const projectId = this.#targetProject(opts.projectId);
    const summary = emptySummary();
    const items = await gatherItems(files, (f) => f.name, summary, async (file) => {
      const path = await storeUpload(this.#dataDir, file.name, file.bytes);
      // The library shows the name the user gave (made safe), not the unique name on disk.
      return [{ path, name: safeFileName(file.name), label: file.name }];
    });
    const kept = await this.#importItems(items, projectId, summary, opts.onProgress);
    // A duplicate or broken upload is not in the library, so its stored copy would only be litter.
    await Promise.all(items.filter((i) => !kept.has(i)).map((i) => rm(i.path, { force: true })));
    return summary;
  }

  list(q: ListOptions): { total: number; items: ImageSummary[] } {
    return images.listImages(this.#db, q);
  }

  get(id: number): ImageRecord {
    const record = images.getImage(this.#db, id);
    if (!record) throw new KintsugiError('E_NOT_FOUND', `No image with id ${id}`);
    return record;
  }

  /** The record, and whether its original is still there (checked now: files move behind the app's back). */
  async details(id: number): Promise<ImageDetails> {
    const record = this.get(id);
    return { ...record, missing: !(await isFile(record.path)) };
  }

  /**
   * Point an image at where its original is now. Only the same photo is accepted (same SHA-256): versions, masks
   * and exports are made from those exact pixels.
   */
  async locate(id: number, path: string): Promise<ImageDetails> {
    const record = this.get(id);
    const absolute = resolve(path);
    if (!(await isFile(absolute))) throw new KintsugiError('E_NOT_FOUND', `There is no file at ${absolute}`);
    if ((await sha256File(absolute)) !== record.sha256) {
      throw new KintsugiError('E_INVALID_ARGUMENT', `${absolute} is not the photo “${record.name}”: its contents differ from the file imported from ${record.path}`);
    }
    images.setImagePath(this.#db, id, absolute);
    return this.details(id);
  }

  /** Remove the record (its thumbnail goes with it); the original file is never touched. */
  async remove(id: number): Promise<{ removed: boolean; projectId: number | null }> {
    const record = images.getImage(this.#db, id);
    if (!record || !images.deleteImage(this.#db, id)) return { removed: false, projectId: null };
    // The display cache is keyed by content, which another project may still hold.
    if (images.countImagesWithSha(this.#db, record.sha256) === 0) {
      await rm(displayCachePath(this.#displayCacheDir, record.sha256), { force: true });
    }
    return { removed: true, projectId: record.projectId };
  }

  listProjects(): Project[] {
    return projects.listProjects(this.#db);
  }

  createProject(name: string): Project {
    return projects.createProject(this.#db, name.trim());
  }

  /** Bytes for the renderer: the WebP thumbnail, or the full image upright in a browser-native format. */
  async media(kind: 'thumb' | 'image', id: number): Promise<MediaBytes> {
    const record = this.get(id);
    if (kind === 'image') return displayImage(record, this.#displayCacheDir);
    const stored = thumbnails.getThumbnail(this.#db, id);
    if (stored) return thumbnailMedia(stored.webp);
    // Derived data: rebuilt when missing (e.g. images imported before thumbnails were stored).
    const made = await makeThumbnail(record.path, record.format);
    thumbnails.putThumbnail(this.#db, { imageId: id, ...made });
    return thumbnailMedia(made.webp);
  }

  getSettings(): Settings {
    return settings.getSettings(this.#db);
  }

  updateSettings(patch: Partial<Settings>): Settings {
    return settings.updateSettings(this.#db, patch);
  }

  #targetProject(projectId: number | undefined): number {
    if (projectId === undefined) return projects.defaultProjectId(this.#db);
    if (!projects.getProject(this.#db, projectId)) throw new KintsugiError('E_NOT_FOUND', `No project with id ${projectId}`);
    return projectId;
  }

  async #importItems(
    items: readonly ImportItem[],
    projectId: number,
    summary: ImportSummary,
    onProgress: ImportOptions['onProgress'],
  ): Promise<Set<ImportItem>> {
    const imported = new Set<ImportItem>();
    // One file at a time: imports stay in a deterministic order (ids = list order) and sharp already uses its
    // own thread pool for each decode.
    for (const [i, item] of items.entries()) {
      const outcome = await this.#importOne(item, projectId);
      if (outcome.kind === 'imported') {
        summary.imported.push(outcome.image);
        imported.add(item);
      } else if (outcome.kind === 'duplicate') summary.duplicates.push({ path: item.label, existingId: outcome.existingId });
      else summary.failed.push({ path: item.label, code: outcome.code, message: outcome.message });
      onProgress?.(i + 1, items.length, item.label);
    }
    return imported;
  }

  async #importOne(item: ImportItem, projectId: number): Promise<Outcome> {
    try {
      const probe = await probeImage(item.path);
      const sha256 = await sha256File(item.path);
      const known = images.findImageIdBySha(this.#db, projectId, sha256);
      if (known !== undefined) return { kind: 'duplicate', existingId: known };
      const thumb = await makeThumbnail(item.path, probe.format);
      const { bytes, width, height, format, bitDepth, channels, orientation, hasIcc } = probe;
      // Checked again inside the write: another import may have added the same content while this one decoded.
      return this.#db.transaction((): Outcome => {
        const existingId = images.findImageIdBySha(this.#db, projectId, sha256);
        if (existingId !== undefined) return { kind: 'duplicate', existingId };
        const record = images.insertImage(this.#db, {
          projectId, path: item.path, name: item.name, sha256, bytes, width, height, format, bitDepth, channels, orientation, hasIcc,
        });
        thumbnails.putThumbnail(this.#db, { imageId: record.id, ...thumb });
        return { kind: 'imported', image: toSummary(record) };
      })();
    } catch (err) {
      const { code, message } = toErrorData(err);
      return { kind: 'failed', code, message };
    }
  }
}

function notImageReason(path: string): string {
  const ext = extname(path);
  return ext ? `not an image file type (${ext})` : 'not an image file type (no extension)';
}

/**
 * A file named directly stands for itself (and fails loudly if it is not an image); a folder stands for the image
 * files under it, and its other files are reported as skipped.
 */
async function isFile(path: string): Promise<boolean> {
  return stat(path).then((s) => s.isFile(), () => false);
}

async function expandPath(
  path: string,
  onUnreadable: (path: string, err: unknown) => void,
  onNotImage: (path: string) => void,
): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const files = await walkFiles(path, onUnreadable);
  files.filter((f) => !hasImageExtension(f)).forEach(onNotImage);
  return files.filter(hasImageExtension);
}
