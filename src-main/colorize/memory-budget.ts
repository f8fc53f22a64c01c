import { totalmem } from 'node:os';
import { KintsugiError } from '../../src-shared/errors.js';

/**
 * What one colorization needs per pixel of the photo, measured here with reference transfer (full-resolution Lab
 * planes, the luminance statistics and the output): peak memory rose by 49 bytes per pixel from 3 to 12 megapixels.
 */
export const COLORIZE_BYTES_PER_PIXEL = 50;
/** The share of the machine's memory one colorization may plan on; the app, the renderer and the OS need the rest. */
const MEMORY_SHARE = 0.5;

export function colorizePixelLimit(totalBytes: number = totalmem()): number {
  return Math.floor((totalBytes * MEMORY_SHARE) / COLORIZE_BYTES_PER_PIXEL);
}

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(1)} GB`;
const mp = (pixels: number) => `${Math.round(pixels / 1e6)} MP`;

/**
 * Refuse, before any work, a photo whose colorization would need more memory than this machine can give it (the
 * decode limit alone lets through 268 MP, which would need over 13 GB here).
 */
export function assertColorizeFits(width: number, height: number, totalBytes: number = totalmem()): void {
  const limit = colorizePixelLimit(totalBytes);
  const pixels = width * height;
  if (pixels <= limit) return;
  throw new KintsugiError(
    'E_IMAGE_TOO_LARGE',
    `Colorizing ${width}×${height} (${mp(pixels)}) would need about ${gb(pixels * COLORIZE_BYTES_PER_PIXEL)} of memory; ` +
      `with ${gb(totalBytes)} in this machine, colorize takes photos up to ${mp(limit)}. Scale the photo down first.`,
    { width, height, maxPixels: limit },
  );
}
