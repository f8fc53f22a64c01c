/** Image fixtures generated with sharp for tests (no binary fixtures in the repository). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `kintsugi-${prefix}-`));
}

export function solid(width: number, height: number, background: string): Sharp {
  return sharp({ create: { width, height, channels: 3, background } });
}

/** A JPEG big enough that cutting it in half keeps the header and loses scan data (noise defeats compression). */
export async function truncatedJpeg(): Promise<Buffer> {
  const noise = sharp({ create: { width: 200, height: 150, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } });
  const jpeg = await noise.jpeg().toBuffer();
  return jpeg.subarray(0, Math.floor(jpeg.length / 2));
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid PNG header claiming `size`×`size` RGB with almost no pixel data: only a pixel limit stops a decode. */
export function hugePngHeader(size = 30000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type RGB
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateSync(Buffer.alloc(64))), pngChunk('IEND', Buffer.alloc(0))]);
}

/** The good files of the import fixture folder, relative to it, with their displayed sizes. */
export const GOOD_FILES = {
  'a-photo.png': [48, 32],
  'b-photo.jpg': [64, 48],
  'rotated.jpg': [20, 40],
  'café-日本.png': [30, 30],
  'sub/c-photo.webp': [50, 40],
  'sub/deep-16bit.png': [32, 32],
  'sub/deeper/scan.tiff': [24, 36],
} as const;

export const BAD_FILES = {
  'truncated.jpg': 'E_BAD_IMAGE',
  'empty.jpg': 'E_BAD_IMAGE',
  'notes.png': 'E_BAD_IMAGE',
  'sub/huge.png': 'E_IMAGE_TOO_LARGE',
} as const;

/** Files of the fixture folder that are reported as skipped (not image types), relative to it. */
export const SKIPPED_FILES = ['readme.txt'] as const;

/**
 * A folder with nested subfolders, every supported kind of good file and every kind of bad one, plus hidden files
 * an import leaves out and a non-image file it lists as skipped (`SKIPPED_FILES`).
 */
export async function makeImportFolder(): Promise<string> {
  const root = tempDir('photos');
  mkdirSync(join(root, 'sub', 'deeper'), { recursive: true });
  mkdirSync(join(root, '.thumbs'));
  const at = (rel: string) => join(root, rel);
  await solid(48, 32, '#c33').png().toFile(at('a-photo.png'));
  await solid(64, 48, '#3c3').jpeg().toFile(at('b-photo.jpg'));
  // Stored 40×20 landscape, EXIF says "rotate 90° clockwise": shown 20×40 portrait.
  await solid(40, 20, '#33c').jpeg().withMetadata({ orientation: 6 }).toFile(at('rotated.jpg'));
  await solid(30, 30, '#cc3').png().toFile(at('café-日本.png'));
  await solid(50, 40, '#3cc').webp({ lossless: true }).toFile(at('sub/c-photo.webp'));
  await solid(32, 32, '#c3c').toColourspace('rgb16').png().toFile(at('sub/deep-16bit.png'));
  await solid(24, 36, '#888').tiff().toFile(at('sub/deeper/scan.tiff'));
  writeFileSync(at('truncated.jpg'), await truncatedJpeg());
  writeFileSync(at('empty.jpg'), '');
  writeFileSync(at('notes.png'), 'these are my notes, not a picture\n');
  writeFileSync(at('sub/huge.png'), hugePngHeader());
  await solid(8, 8, '#000').png().toFile(at('.hidden.png'));
  await solid(8, 8, '#111').png().toFile(at('.thumbs/t.png'));
  writeFileSync(at('readme.txt'), 'not an image extension: listed as skipped in folders');
  return root;
}
