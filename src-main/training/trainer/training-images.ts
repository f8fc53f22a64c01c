import sharp from 'sharp';
import { KintsugiError } from '../../../src-shared/errors.js';
import type { RgbImage } from '../../engines/inpaint/engine.js';
import { readError } from '../../images/rgb-pixels.js';
import { DECODE_OPTIONS } from '../../images/thumbnail.js';

/**
 * Photos are downscaled so their shorter side is this many times the working size before cropping: a crop then
 * shows a recognisable part of the scene (a sky, a face) rather than a patch of texture from a 12-megapixel file.
 */
export const SHORT_SIDE_FACTOR = 1.5;

/** Decoded photos kept in memory. A few hundred photos at 256 px fit well within this. */
const DEFAULT_CACHE_BYTES = 384 * 1024 * 1024;

/** Files decoded at once: sharp works on its own threads, so a few in flight keep them busy. */
const CONCURRENCY = 4;

/**
 * Decode a photo for training: upright by its EXIF orientation, alpha flattened onto white (a transparent PNG's
 * hidden colour is arbitrary), sRGB 8-bit, shorter side `SHORT_SIDE_FACTOR × size` (small photos are upscaled).
 */
export async function decodeForTraining(path: string, size: number): Promise<RgbImage> {
  const side = Math.round(size * SHORT_SIDE_FACTOR);
  try {
    const { data, info } = await sharp(path, DECODE_OPTIONS)
      .rotate()
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .resize({ width: side, height: side, fit: 'outside' })
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new KintsugiError('E_BAD_IMAGE', `${path} decoded to ${info.channels} channels, expected 3`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (err) {
    throw readError(err, path, path);
  }
}

/**
 * The photos of one split, decoded for training and kept in a bounded least-recently-used cache: a small data set
 * is decoded once for the whole run, a large one is decoded again only when it does not fit.
 */
export class TrainingImages {
  private readonly cache = new Map<number, RgbImage>();
  private cachedBytes = 0;
  private files: string[];

  constructor(
    files: readonly string[],
    private readonly size: number,
    private readonly maxBytes = DEFAULT_CACHE_BYTES,
  ) {
    this.files = [...files];
  }

  get count(): number {
    return this.files.length;
  }

  /**
   * Decode every file once (filling the cache up to its bound). A file that cannot be read any more (deleted or
   * damaged since the scan) is dropped with a note on stderr, so one bad file does not end a long run; none
   * readable is an error.
   */
  async load(): Promise<void> {
    const kept: string[] = [];
    let firstError: unknown = null;
    for (let i = 0; i < this.files.length; i += CONCURRENCY) {
      const group = this.files.slice(i, i + CONCURRENCY);
      const results = await Promise.allSettled(group.map((file) => decodeForTraining(file, this.size)));
      results.forEach((result, k) => {
        const file = group[k] as string;
        if (result.status === 'rejected') {
          firstError ??= result.reason;
          process.stderr.write(`training: skipping ${file}: ${(result.reason as Error).message}\n`);
          return;
        }
        kept.push(file);
        this.remember(kept.length - 1, result.value);
      });
    }
    if (kept.length === 0 && this.files.length > 0) {
      throw new KintsugiError('E_BAD_IMAGE', `None of the ${this.files.length} photos could be read: ${(firstError as Error).message}`);
    }
    this.files = kept;
  }

  async get(index: number): Promise<RgbImage> {
    const hit = this.cache.get(index);
    if (hit) {
      // Re-insert: a Map iterates in insertion order, so the first key is always the least recently used.
      this.cache.delete(index);
      this.cache.set(index, hit);
      return hit;
    }
    const file = this.files[index];
    if (file === undefined) throw new RangeError(`No training image ${index} (of ${this.files.length})`);
    const image = await decodeForTraining(file, this.size);
    this.remember(index, image);
    return image;
  }

  private remember(index: number, image: RgbImage): void {
    const bytes = image.data.byteLength;
    if (bytes > this.maxBytes) return;
    while (this.cachedBytes + bytes > this.maxBytes) {
      const [oldest, evicted] = this.cache.entries().next().value as [number, RgbImage];
      this.cache.delete(oldest);
      this.cachedBytes -= evicted.data.byteLength;
    }
    this.cache.set(index, image);
    this.cachedBytes += bytes;
  }
}
