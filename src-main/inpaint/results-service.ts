import { randomUUID } from 'node:crypto';
import { renameSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { ExportFormat, Result } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import type { RgbImage } from '../engines/inpaint/engine.js';
import type { MediaBytes } from '../images/display.js';
import { exportImage, type ExportedFile } from '../images/export-image.js';
import { decodeRgb, encodeRgbPng } from '../images/rgb-pixels.js';
import * as results from '../library/results-repo.js';
import type { ImageLookup } from '../masks/masks-service.js';

/** Result files live here, relative to the data folder (the form stored in `results.path`). */
const RESULTS_FOLDER = 'results';
/** A `.part` file younger than this may belong to a store in progress; older ones are left by a crash. */
const STALE_PART_MS = 60 * 60 * 1000;

export interface ExportVersionRequest {
  imageId: number;
  resultId?: number | undefined;
  path: string;
  format: ExportFormat;
  quality: number;
  overwrite: boolean;
}

/** What a new version is made by, from which version (the original when `resultId` is undefined). */
export interface DeriveSpec {
  imageId: number;
  resultId?: number | undefined;
  operation: Result['operation'];
  engine: string;
  params: Record<string, unknown>;
}

const CANCELLED_MESSAGE: Record<Result['operation'], string> = {
  inpaint: 'Inpainting was cancelled',
  colorize: 'Colorization was cancelled',
};

/** A version's pixels as a file: the original, or a result's PNG. */
export interface VersionFile {
  path: string;
  /** For messages. */
  label: string;
}

function toResult(record: results.ResultRecord): Result {
  const { path: _path, ...result } = record;
  return result;
}

/**
 * The versions of images: the PNG files under `<dataDir>/results/` and their history rows. A result starts pending;
 * the user accepts it (kept in the history) or discards it (row and file deleted).
 */
export class ResultsService {
  readonly #db: Database;
  readonly #dataDir: string;
  readonly #images: ImageLookup;

  constructor(opts: { db: Database; dataDir: string; images: ImageLookup }) {
    this.#db = opts.db;
    this.#dataDir = opts.dataDir;
    this.#images = opts.images;
  }

  list(imageId: number): Result[] {
    this.#images.get(imageId);
    return results.listResults(this.#db, imageId).map(toResult);
  }

  get(id: number): Result {
    return toResult(this.#record(id));
  }

  /** Keep a result (and the pending versions it was made from) in the history. Accepting twice is harmless. */
  accept(id: number): Result {
    this.#record(id);
    results.acceptResult(this.#db, id);
    return this.get(id);
  }

  /** Delete a pending result and its file; false when there is no such result. Accepted versions are kept. */
  async discard(id: number): Promise<boolean> {
    const record = results.getResult(this.#db, id);
    if (!record) return false;
    if (record.status === 'accepted') {
      throw new KintsugiError('E_INVALID_ARGUMENT', `Version ${id} was accepted and stays in the history; only pending results can be discarded`);
    }
    if (results.countChildren(this.#db, id) > 0) {
      throw new KintsugiError('E_INVALID_ARGUMENT', `Result ${id} has versions made from it: discard those first`);
    }
    results.deleteResult(this.#db, id);
    // After the row: a file left behind by a failed delete is litter, a row without its file would be a broken version.
    await rm(this.#absolute(record.path), { force: true });
    return true;
  }

  async media(id: number): Promise<MediaBytes> {
    const record = this.#record(id);
    try {
      return { contentType: 'image/png', data: await readFile(this.#absolute(record.path)) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new KintsugiError('E_NOT_FOUND', `The file of version ${id} is missing`);
      throw err;
    }
  }

  /** The file holding a version of an image: its original when `resultId` is undefined. */
  versionFile(imageId: number, resultId?: number): VersionFile {
    const image = this.#images.get(imageId);
    if (resultId === undefined) return { path: image.path, label: image.name };
    const record = this.#record(resultId);
    if (record.imageId !== imageId) {
      throw new KintsugiError('E_INVALID_ARGUMENT', `Version ${resultId} belongs to image ${record.imageId}, not to image ${imageId}`);
    }
    return { path: this.#absolute(record.path), label: `version ${resultId} of ${image.name}` };
  }

  /**
   * Make a new pending version of an image from one of its versions: decode it (upright sRGB, as the editor shows
   * it), hand the pixels to `transform`, store what comes back with the time it all took. A cancel (an aborted
   * `signal`) that arrives after the transform finished still means "I do not want this": nothing is stored.
   * `onStage` hears the steps around the transform (a 36-megapixel photo takes seconds to read and to store), so a
   * progress display is never stuck on "starting".
   */
  async derive(
    spec: DeriveSpec,
    signal: AbortSignal,
    transform: (image: RgbImage) => Promise<RgbImage>,
    onStage: (fraction: number, stage: string) => void = () => {},
  ): Promise<Result> {
    const started = performance.now();
    const checkCancelled = (): void => {
      if (signal.aborted) throw new KintsugiError('E_CANCELLED', CANCELLED_MESSAGE[spec.operation]);
    };
    const source = this.versionFile(spec.imageId, spec.resultId);
    onStage(0, 'reading the image');
    const image = await decodeRgb(source.path, source.label);
    checkCancelled();
    const output = await transform(image);
    onStage(1, 'saving the result');
    const png = await encodeRgbPng(output);
    checkCancelled();
    return this.store(
      {
        imageId: spec.imageId,
        parentId: spec.resultId ?? null,
        operation: spec.operation,
        engine: spec.engine,
        params: spec.params,
        width: output.width,
        height: output.height,
        durationMs: Math.round(performance.now() - started),
      },
      png,
    );
  }

  /**
   * Store a new pending result: the PNG is written to a temp name first, then the row is inserted and the file
   * renamed to `<id>.png` in one transaction, so there is never a row without its file (a crash before the commit
   * leaves at most a hidden `.part` file).
   */
  async store(result: Omit<results.NewResult, 'path'>, png: Uint8Array): Promise<Result> {
    const folder = join(this.#dataDir, RESULTS_FOLDER);
    await mkdir(folder, { recursive: true });
    const temp = `${RESULTS_FOLDER}/.${randomUUID()}.png.part`;
    try {
      await writeFile(this.#absolute(temp), png, { flag: 'wx' });
      const id = this.#db.transaction(() => {
        const newId = results.insertResult(this.#db, { ...result, path: temp });
        const final = `${RESULTS_FOLDER}/${newId}.png`;
        results.setResultPath(this.#db, newId, final);
        // Last, so a failed rename rolls the row back (better-sqlite3 transactions are synchronous, hence renameSync).
        renameSync(this.#absolute(temp), this.#absolute(final));
        return newId;
      })();
      return this.get(id);
    } catch (err) {
      await rm(this.#absolute(temp), { force: true });
      throw err;
    }
  }

  /**
   * Delete result files no row refers to: removing an image cascades its result rows away in SQLite, and a crash
   * mid-store can leave a `.part` file. Runs at start and after an image is removed; returns how many went.
   */
  async sweepOrphanFiles(now: number = Date.now()): Promise<number> {
    const folder = join(this.#dataDir, RESULTS_FOLDER);
    const names = await readdir(folder).catch(() => [] as string[]);
    const live = results.listResultPaths(this.#db);
    let removed = 0;
    for (const name of names) {
      const rel = `${RESULTS_FOLDER}/${name}`;
      if (live.has(rel)) continue;
      if (name.endsWith('.part') && now - (await stat(join(folder, name))).mtimeMs < STALE_PART_MS) continue;
      await rm(join(folder, name), { force: true });
      removed++;
    }
    return removed;
  }

  /** Write a version (or the original) to a file the user chose, with the original's EXIF and ICC profile. */
  exportVersion(req: ExportVersionRequest): Promise<ExportedFile> {
    const original = this.#images.get(req.imageId);
    const version = req.resultId === undefined ? undefined : this.versionFile(req.imageId, req.resultId).path;
    return exportImage({
      original: original.path,
      version,
      dest: req.path,
      format: req.format,
      quality: req.quality,
      overwrite: req.overwrite,
    });
  }

  #record(id: number): results.ResultRecord {
    const record = results.getResult(this.#db, id);
    if (!record) throw new KintsugiError('E_NOT_FOUND', `No version with id ${id}`);
    return record;
  }

  #absolute(relativePath: string): string {
    return join(this.#dataDir, relativePath);
  }
}
