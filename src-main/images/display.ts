import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { ImageRecord } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { decodeError } from './decode-error.js';
import { DECODE_OPTIONS } from './thumbnail.js';
import { writeFileAtomic } from './write-atomic.js';

export interface MediaBytes {
  contentType: string;
  data: Buffer;
}

export type DisplaySource = Pick<ImageRecord, 'path' | 'format' | 'orientation' | 'sha256'>;

/** Formats every renderer (Chromium) shows as they are. */
const BROWSER_NATIVE: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

async function readIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function readOriginal(path: string): Promise<Buffer> {
  const data = await readIfExists(path);
  if (!data) throw new KintsugiError('E_NOT_FOUND', `The original file is gone: ${path}`);
  return data;
}

export function displayCachePath(cacheDir: string, sha256: string): string {
  return join(cacheDir, `${sha256}.png`);
}

/**
 * The full-size image for the renderer. Browser-native formats that need no rotation are served as they are;
 * anything else (TIFF, GIF/AVIF, EXIF-rotated photos) is rendered upright to PNG once and cached by content hash,
 * so the renderer never has to know about EXIF orientation.
 */
export async function displayImage(record: DisplaySource, cacheDir: string): Promise<MediaBytes> {
  const native = BROWSER_NATIVE[record.format];
  if (native && record.orientation === 1) return { contentType: native, data: await readOriginal(record.path) };

  const cached = displayCachePath(cacheDir, record.sha256);
  const hit = await readIfExists(cached);
  if (hit) return { contentType: 'image/png', data: hit };

  const png = await uprightPng(record.path, record.format);
  await mkdir(cacheDir, { recursive: true });
  await writeFileAtomic(cached, png);
  return { contentType: 'image/png', data: png };
}

async function uprightPng(path: string, format: string): Promise<Buffer> {
  const original = await readOriginal(path);
  try {
    return await sharp(original, DECODE_OPTIONS).rotate().png().toBuffer();
  } catch (err) {
    throw decodeError(err, path, format);
  }
}

/**
 * A file outside the library (a batch job's input or result) for the renderer, without caching: as it is when
 * browser-native and upright, else rendered upright to PNG.
 */
export async function fileMedia(path: string, format: string, orientation: number): Promise<MediaBytes> {
  const native = BROWSER_NATIVE[format];
  if (native && orientation === 1) return { contentType: native, data: await readOriginal(path) };
  return { contentType: 'image/png', data: await uprightPng(path, format) };
}

/** A stored thumbnail as media. */
export function thumbnailMedia(webp: Buffer): MediaBytes {
  return { contentType: 'image/webp', data: webp };
}
