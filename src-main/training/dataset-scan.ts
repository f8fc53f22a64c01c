import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { extname, relative, resolve } from 'node:path';
import sharp from 'sharp';
import type { DatasetScan, DatasetSkip } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { hasImageExtension } from '../../src-shared/formats.js';
import { decodeError } from '../images/decode-error.js';
import { probeImage } from '../images/probe.js';
import { DECODE_OPTIONS } from '../images/thumbnail.js';
import { walkFiles } from '../images/walk.js';
import { toErrorData } from '../router/error-mapping.js';

/** Shorter side below which a photo is skipped: smaller than the smallest working size, it would only be upscaled. */
export const MIN_TRAINING_SIDE = 64;

/** Files probed at once: sharp decodes on its own threads, so a few in flight keep them busy without a flood. */
const CONCURRENCY = 4;

export interface DatasetSplitOptions {
  /** Fraction of files held back for validation, 0–0.5. */
  validationSplit: number;
  seed: number;
}

/** The scan's summary plus the split itself: file paths relative to the folder, in walk order. */
export interface DatasetScanResult {
  scan: DatasetScan;
  train: string[];
  validation: string[];
}

interface Usable {
  path: string;
  minSide: number;
}

function skip(path: string, code: string, reason: string): DatasetSkip {
  return { path, code, reason };
}

/** The data folder must be a readable folder; anything else is an error, not an empty scan. */
async function checkFolder(folder: string): Promise<void> {
  try {
    if (!(await stat(folder)).isDirectory()) throw new KintsugiError('E_INVALID_ARGUMENT', `${folder} is a file, not a folder of photos`);
  } catch (err) {
    if (err instanceof KintsugiError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new KintsugiError('E_NOT_FOUND', `Data folder not found: ${folder}`);
    throw new KintsugiError('E_IO', `Cannot read the data folder ${folder}: ${(err as Error).message}`);
  }
}

/**
 * Header first (cheap: empty, not an image, over the pixel limit, too small), then a full decode at a fraction of
 * the size, which is where truncated and corrupt bodies show (a header can be intact over missing scan data).
 */
async function check(path: string): Promise<Usable | DatasetSkip> {
  if (!hasImageExtension(path)) {
    return skip(path, 'not-an-image', `not an image file type (${extname(path) || 'no extension'})`);
  }
  try {
    const probe = await probeImage(path);
    const minSide = Math.min(probe.width, probe.height);
    if (minSide < MIN_TRAINING_SIDE) {
      return skip(path, 'too-small', `${probe.width}×${probe.height} is too small: the shorter side must be at least ${MIN_TRAINING_SIDE} pixels`);
    }
    try {
      await sharp(path, DECODE_OPTIONS).resize(32, 32, { fit: 'inside' }).raw().toBuffer();
    } catch (err) {
      throw decodeError(err, path, probe.format);
    }
    return { path, minSide };
  } catch (err) {
    const { code, message } = toErrorData(err);
    return skip(path, code, message);
  }
}

/** A number in [0, 1) fixed by the file's path inside the folder and the seed: adding files never moves others. */
function splitKey(relPath: string, seed: number): number {
  return createHash('sha256').update(`${seed}\0${relPath}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** Top-level folders of a data set that comes already split (the training corpus has train/ and val/). */
const SPLIT_FOLDERS = { train: 'train', validation: 'val' } as const;

/**
 * A folder holding only `train/` and `val/` (both non-empty) keeps that split, whatever the split fraction: its
 * validation photos were chosen to be kept apart (other crops of the same photo are not in `val/`).
 */
function folderSplit(relPaths: readonly string[]): { train: string[]; validation: string[] } | null {
  const top = (path: string) => path.split(/[\\/]/)[0];
  const train = relPaths.filter((p) => top(p) === SPLIT_FOLDERS.train);
  const validation = relPaths.filter((p) => top(p) === SPLIT_FOLDERS.validation);
  const split = train.length > 0 && validation.length > 0 && train.length + validation.length === relPaths.length;
  return split ? { train, validation } : null;
}

/**
 * Split by file: a file goes to validation when its key is below the split fraction, so the split is the same on
 * every scan with the same seed and stays put when files are added or removed. With a split above 0 and at least two
 * files, validation gets at least one file and training keeps at least one; a lone file trains.
 */
export function splitFiles(relPaths: readonly string[], { validationSplit, seed }: DatasetSplitOptions): { train: string[]; validation: string[] } {
  const presplit = folderSplit(relPaths);
  if (presplit !== null) return presplit;
  // A single file cannot be both trained on and held back: it trains.
  if (relPaths.length < 2) return { train: [...relPaths], validation: [] };
  const keyed = relPaths.map((path) => ({ path, key: splitKey(path, seed) }));
  const inValidation = new Set(keyed.filter((f) => f.key < validationSplit).map((f) => f.path));
  if (validationSplit > 0) {
    const byKey = [...keyed].sort((a, b) => a.key - b.key);
    const lowest = byKey[0];
    const highest = byKey.at(-1);
    if (inValidation.size === 0 && lowest) inValidation.add(lowest.path);
    if (inValidation.size === keyed.length && highest) inValidation.delete(highest.path);
  }
  return {
    train: relPaths.filter((p) => !inValidation.has(p)),
    validation: relPaths.filter((p) => inValidation.has(p)),
  };
}

/**
 * Scan a folder of photos for training (recursively; hidden files left out): which are usable, which are skipped and
 * why, and the train/validation split. Unreadable subfolders are listed as skipped; the scan goes on.
 */
export async function scanDataset(folder: string, options: DatasetSplitOptions): Promise<DatasetScanResult> {
  const root = resolve(folder);
  await checkFolder(root);
  const skipped: DatasetSkip[] = [];
  const files = await walkFiles(root, (path, err) => skipped.push(skip(path, 'E_IO', `cannot read this folder: ${(err as Error).message}`)));
  const usable: Usable[] = [];
  for (let i = 0; i < files.length; i += CONCURRENCY) {
    for (const result of await Promise.all(files.slice(i, i + CONCURRENCY).map(check))) {
      if ('code' in result) skipped.push(result);
      else usable.push(result);
    }
  }
  const rel = usable.map((u) => relative(root, u.path));
  const { train, validation } = splitFiles(rel, options);
  return {
    scan: {
      folder: root,
      usable: usable.length,
      train: train.length,
      validation: validation.length,
      skipped,
      minSide: usable.reduce((min, u) => Math.min(min, u.minSide), usable[0]?.minSide ?? 0),
    },
    train,
    validation,
  };
}
