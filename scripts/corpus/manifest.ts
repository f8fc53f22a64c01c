// The corpus's record of itself: every kept photo and crop with its licence, every dropped file with the reason.
// It is written by rename, so a training run that opened the old one keeps reading a whole file.
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { KintsugiError } from '../../src-shared/errors.js';
import type { Placement } from './composite.js';
import type { CropBox, CropPlan } from './crops.js';
import type { Split } from './split.js';

export const MANIFEST_FILE = 'manifest.json';
export const SUMMARY_FILE = 'summary.json';
export const READY_FILE = 'READY';

export interface Provenance {
  package: string;
  packageVersion: string;
  /** Path inside the package; a file inside a Qt resource bundle is `<bundle>!<entry>`. */
  path: string;
  licence: string;
  copyright: string;
  /** The copyright file's Files pattern that gave the licence (`*` alone: only the package-wide default). */
  licenceRule: string;
}

export interface PhotoRecord extends Provenance {
  /** sha256 of the file's bytes, hex. */
  id: string;
  /** Paths the package's copyright file may name the file by. */
  sourcePaths: string[];
  width: number;
  height: number;
  split: Split;
  /** 16x16 grey thumbnail as hex, for duplicate checks on a later run. */
  thumbnail: string;
}

export interface CropRecord extends Provenance {
  /** Relative to the corpus folder, e.g. `train/0123abcd…-2.jpg`. */
  file: string;
  split: Split;
  photoId: string;
  /** The region of the photo this crop shows (photos). */
  box?: CropBox;
  /** Where the cut-out lies in the crop, and the corpus crop it lies on (cut-outs). */
  stamp?: Placement;
  background?: Pick<CropRecord, 'file' | 'photoId' | 'package' | 'path' | 'licence' | 'copyright'>;
}

export type DropReason = 'reserved' | 'duplicate' | 'too-small' | 'grey' | 'no-licence' | 'bad-image';

export interface DropRecord {
  package: string;
  path: string;
  reason: DropReason;
  detail: string;
}

export interface Manifest {
  format: 1;
  /** Fixed for the folder's life: a crop's file name is its index in the plan's boxes. */
  cropPlan: CropPlan;
  valPercent: number;
  photos: PhotoRecord[];
  crops: CropRecord[];
  dropped: DropRecord[];
}

export function emptyManifest(cropPlan: CropPlan, valPercent: number): Manifest {
  return { format: 1, cropPlan, valPercent, photos: [], crops: [], dropped: [] };
}

/** Adding to a folder under another crop plan or split would give crops wrong names or mix splits. */
export function checkCompatible(manifest: Manifest, cropPlan: CropPlan, valPercent: number, dir: string): void {
  if (JSON.stringify(manifest.cropPlan) !== JSON.stringify(cropPlan) || manifest.valPercent !== valPercent) {
    throw new KintsugiError(
      'E_INVALID_ARGUMENT',
      `${dir} was built with crop plan ${JSON.stringify(manifest.cropPlan)} and ${manifest.valPercent} % val; ` +
        'build the new settings into another folder',
    );
  }
}

export async function loadManifest(dir: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Write whole, then rename over the old file: readers see either version, never half of one. */
export async function writeAtomically(file: string, data: string | Buffer): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

export interface Summary {
  photos: number;
  crops: { train: number; val: number };
  photosPerPackage: Record<string, number>;
  cropsPerPackage: Record<string, number>;
  photosPerLicence: Record<string, number>;
  cropsPerLicence: Record<string, number>;
  dropped: Record<DropReason, number>;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

export function summarize(manifest: Manifest): Summary {
  const dropped: Record<DropReason, number> = {
    reserved: 0,
    duplicate: 0,
    'too-small': 0,
    grey: 0,
    'no-licence': 0,
    'bad-image': 0,
  };
  for (const d of manifest.dropped) dropped[d.reason]++;
  return {
    photos: manifest.photos.length,
    crops: {
      train: manifest.crops.filter((c) => c.split === 'train').length,
      val: manifest.crops.filter((c) => c.split === 'val').length,
    },
    photosPerPackage: countBy(manifest.photos, (p) => p.package),
    cropsPerPackage: countBy(manifest.crops, (c) => c.package),
    photosPerLicence: countBy(manifest.photos, (p) => p.licence),
    cropsPerLicence: countBy(manifest.crops, (c) => c.licence),
    dropped,
  };
}

/** Manifest, then summary, then READY last: a reader that sees READY finds the other two complete. */
export async function saveManifest(dir: string, manifest: Manifest, ready: boolean): Promise<Summary> {
  const summary = summarize(manifest);
  await writeAtomically(path.join(dir, MANIFEST_FILE), JSON.stringify(manifest));
  await writeAtomically(path.join(dir, SUMMARY_FILE), `${JSON.stringify(summary, null, 2)}\n`);
  if (ready) {
    const stamp = { writtenAt: new Date().toISOString(), photos: summary.photos, crops: summary.crops };
    await writeAtomically(path.join(dir, READY_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
  }
  return summary;
}
