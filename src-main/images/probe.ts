import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { KintsugiError } from '../../src-shared/errors.js';
import { decodeError } from './decode-error.js';
import { formatMegapixels } from '../../src-shared/units.js';
import { MAX_PIXELS } from './limits.js';

export { MAX_PIXELS } from './limits.js';

export const SUPPORTED_FORMATS = ['png', 'jpeg', 'webp', 'tiff', 'gif', 'avif'] as const;
export type ImageFormat = (typeof SUPPORTED_FORMATS)[number];

export interface ImageProbe {
  /** Displayed size: EXIF orientations 5–8 swap the stored width and height. */
  width: number;
  height: number;
  format: ImageFormat;
  /** Bits per channel as stored. */
  bitDepth: number;
  channels: number;
  /** EXIF orientation 1–8, 1 when absent. */
  orientation: number;
  hasIcc: boolean;
  bytes: number;
}

const DEPTH_BITS: Record<string, number> = {
  uchar: 8, char: 8, ushort: 16, short: 16, uint: 32, int: 32, float: 32, double: 64, complex: 64, dpcomplex: 128,
};

function formatOf(meta: Metadata): ImageFormat | undefined {
  // libheif reports AVIF as "heif" with the AV1 codec; other HEIF (HEVC) is not something we can decode everywhere.
  const name = meta.format === 'heif' && meta.compression === 'av1' ? 'avif' : meta.format;
  return SUPPORTED_FORMATS.find((f) => f === name);
}

/** A device or pipe reports size 0 (or blocks): only a regular file is an image file. */
async function fileSize(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new KintsugiError('E_NOT_FOUND', `file not found: ${path}`);
    throw err;
  }
  if (!info.isFile()) throw new KintsugiError('E_BAD_IMAGE', `not a regular file: ${basename(path)}`);
  return info.size;
}

/**
 * Read an image's header only (no pixel decode) and refuse it before any decode when it is over MAX_PIXELS.
 * A corrupt body (truncated scan data) passes here; the thumbnail decode catches it.
 */
export async function probeImage(path: string): Promise<ImageProbe> {
  const bytes = await fileSize(path);
  if (bytes === 0) throw new KintsugiError('E_BAD_IMAGE', `file is empty: ${basename(path)}`);
  let meta: Metadata;
  try {
    // The limit is ours to enforce below, with a message naming the sizes; sharp's own would say less.
    meta = await sharp(path, { limitInputPixels: false }).metadata();
  } catch (err) {
    throw decodeError(err, path);
  }
  const format = formatOf(meta);
  if (!format) throw new KintsugiError('E_BAD_IMAGE', `unsupported image format "${meta.format}": ${basename(path)}`);
  const { width, height } = meta;
  if (!width || !height) throw new KintsugiError('E_BAD_IMAGE', `image has no size: ${basename(path)}`);
  if (width * height > MAX_PIXELS) {
    throw new KintsugiError(
      'E_IMAGE_TOO_LARGE',
      `${basename(path)} is ${width}×${height} (${formatMegapixels(width * height)}), over the limit of ${formatMegapixels(MAX_PIXELS)}`,
      { width, height, maxPixels: MAX_PIXELS },
    );
  }
  const orientation = meta.orientation && meta.orientation >= 1 && meta.orientation <= 8 ? meta.orientation : 1;
  const swap = orientation >= 5;
  return {
    width: swap ? height : width,
    height: swap ? width : height,
    format,
    bitDepth: DEPTH_BITS[meta.depth ?? 'uchar'] ?? 8,
    channels: meta.channels ?? 3,
    orientation,
    hasIcc: meta.hasProfile === true,
    bytes,
  };
}
