import { realpath } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { ExportFormat, InpaintMode } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import type { LearnedInpaintSpec } from '../../src-shared/workers/inpaint-messages.js';
import { checkDestination, exportImage, type ExportedFile } from '../images/export-image.js';
import { decodeGreenMask, decodeMask } from '../images/mask-codec.js';
import { decodeRgb, encodeRgbPng } from '../images/rgb-pixels.js';
import { inpaintInWorker, type WorkerInpaintOptions } from './inpaint-in-worker.js';

export interface InpaintFileRequest {
  image: string;
  /** A mask picture (white = hole) or, with `maskKind: 'green'`, a green-painted copy of the image. */
  mask: string;
  maskKind: 'mask' | 'green';
  /** For `green`: max per-channel distance from (0,255,0). */
  tolerance: number;
  /** Written as the format its extension names, with the image's EXIF and ICC profile. */
  out: string;
  /** Replace `out` when it exists; otherwise an existing file is refused before any work. */
  overwrite: boolean;
  engine: string;
  /** For a learned engine: where its model is (InpaintEngineCatalog.choose). */
  model?: LearnedInpaintSpec | undefined;
  mode: InpaintMode;
  seed: number;
}

const FORMAT_BY_EXTENSION: Record<string, ExportFormat> = {
  '.png': 'png',
  '.jpg': 'jpeg',
  '.jpeg': 'jpeg',
  '.webp': 'webp',
  '.tif': 'tiff',
  '.tiff': 'tiff',
};

/** Quality of JPEG and WebP outputs: high, since a repair should not add visible compression damage. */
export const OUTPUT_QUALITY = 92;

/** The format a file of this name is written as; undefined for extensions no export writes (.gif, .avif, …). */
export function writableFormatOf(path: string): ExportFormat | undefined {
  return FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
}

export function formatForPath(path: string): ExportFormat {
  const format = writableFormatOf(path);
  if (!format) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `Cannot tell the output format of ${basename(path)}: name it .png, .jpg, .webp or .tif`);
  }
  return format;
}

/**
 * Before any work on one file: refuse an output that is the input itself (through links too: originals are never
 * overwritten), an existing file unless `overwrite`, and a folder that cannot take a new file (read-only, missing).
 */
export async function checkFileOutput(image: string, out: string, overwrite: boolean): Promise<void> {
  const real = (p: string) => realpath(p).catch(() => resolve(p));
  if ((await real(image)) === (await real(out))) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `The output ${out} is the input image: originals are never overwritten`);
  }
  try {
    await checkDestination(out, overwrite);
  } catch (err) {
    if (err instanceof KintsugiError && (err.details as { exists?: boolean } | undefined)?.exists) {
      throw new KintsugiError('E_INVALID_ARGUMENT', `${out} already exists: pass --overwrite to replace it`, err.details);
    }
    throw err;
  }
}

/**
 * Inpaint one image file with a mask file and write the result, outside the library (the CLI's batch path). Same
 * decode, worker and export as the app, so a file repaired here matches one repaired in the editor.
 */
export async function inpaintFile(req: InpaintFileRequest, options: WorkerInpaintOptions = {}): Promise<ExportedFile> {
  const format = formatForPath(req.out);
  await checkFileOutput(req.image, req.out, req.overwrite);
  const image = await decodeRgb(req.image, basename(req.image));
  const size = { width: image.width, height: image.height };
  const mask =
    req.maskKind === 'green'
      ? await decodeGreenMask(req.mask, basename(req.mask), size, req.tolerance)
      : await decodeMask(req.mask, basename(req.mask), size);
  const output = await inpaintInWorker({ engine: req.engine, model: req.model, mode: req.mode, seed: req.seed, image, mask }, options);
  return exportImage({
    original: req.image,
    version: await encodeRgbPng(output),
    dest: req.out,
    format,
    quality: OUTPUT_QUALITY,
    overwrite: req.overwrite,
  });
}
