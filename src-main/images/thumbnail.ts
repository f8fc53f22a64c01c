import sharp from 'sharp';
import { decodeError } from './decode-error.js';
import { MAX_PIXELS } from './limits.js';

export const THUMBNAIL_SIZE = 256;

export interface ThumbnailImage {
  webp: Buffer;
  width: number;
  height: number;
}

/** Options for every full decode: the pixel limit, and failing on truncated data instead of drawing grey. */
export const DECODE_OPTIONS = { limitInputPixels: MAX_PIXELS, failOn: 'truncated' } as const;

/**
 * Decode the whole image (this is where truncated files are caught), upright it by its EXIF orientation and fit
 * it inside 256×256 as WebP.
 */
export async function makeThumbnail(path: string, format?: string): Promise<ThumbnailImage> {
  try {
    const { data, info } = await sharp(path, DECODE_OPTIONS)
      .rotate()
      .resize({ width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
    return { webp: data, width: info.width, height: info.height };
  } catch (err) {
    throw decodeError(err, path, format);
  }
}
