import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeGreenMask, decodeMask, encodeMaskPng, maskCoverage } from './mask-codec.js';
import { hugePngHeader, tempDir } from './test-images.js';

/** A reddish-blue gradient: nothing in it is near green, so every green pixel found was painted. */
function photoPixels(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([120 + ((x * 3) % 100), 40 + ((y * 2) % 60), 90 + ((x + y) % 80)], (y * width + x) * 3);
  }
  return data;
}

/** The photo with pure green painted over the rectangle [x0,x1)×[y0,y1). */
function greenCopy(width: number, height: number, x0: number, y0: number, x1: number, y1: number): Buffer {
  const data = photoPixels(width, height);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data.set([0, 255, 0], (y * width + x) * 3);
  return data;
}

const raw = (data: Buffer, width: number, height: number, channels: 1 | 2 | 3 | 4 = 3) => sharp(data, { raw: { width, height, channels } });

function holesIn(mask: Uint8Array, width: number, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (mask[y * width + x] === 255) n++;
  return n;
}

function count(mask: Uint8Array): number {
  return mask.reduce((n, v) => n + (v === 255 ? 1 : 0), 0);
}

describe('mask codec', () => {
  it('round-trips a HoleMask through an 8-bit grey PNG of 255/0', async () => {
    const mask = new Uint8Array(12 * 8);
    mask.fill(255, 20, 30);
    const png = await encodeMaskPng(mask, { width: 12, height: 8 });
    const meta = await sharp(png).metadata();
    expect(meta).toMatchObject({ format: 'png', channels: 1, depth: 'uchar', width: 12, height: 8 });
    expect(new Set(await sharp(png).raw().toBuffer())).toEqual(new Set([0, 255]));
    expect(await decodeMask(png, 'mask.png', { width: 12, height: 8 })).toEqual(mask);
    expect(maskCoverage(mask)).toBeCloseTo(10 / 96);
  });

  it('reads grey, grey+alpha, RGB and RGBA masks: luminance (times alpha) of 128 or more is a hole', async () => {
    // Four pixels: black, grey 127, grey 128, white.
    const grey = Buffer.from([0, 127, 128, 255]);
    const size = { width: 4, height: 1 };
    const expected = [0, 0, 255, 255];
    expect([...(await decodeMask(await raw(grey, 4, 1, 1).png().toBuffer(), 'g', size))]).toEqual(expected);
    const rgb = Buffer.from([0, 0, 0, 127, 127, 127, 128, 128, 128, 255, 255, 255]);
    expect([...(await decodeMask(await raw(rgb, 4, 1).png().toBuffer(), 'rgb', size))]).toEqual(expected);
    // White strokes on a transparent layer: transparent white is not a hole, half-transparent white is.
    const rgba = Buffer.from([255, 255, 255, 0, 255, 255, 255, 127, 255, 255, 255, 128, 255, 255, 255, 255]);
    expect([...(await decodeMask(await raw(rgba, 4, 1, 4).png().toBuffer(), 'rgba', size))]).toEqual(expected);
    const greyAlpha = Buffer.from([255, 0, 255, 127, 255, 128, 255, 255]);
    expect([...(await decodeMask(await raw(greyAlpha, 4, 1, 2).png().toBuffer(), 'ga', size))]).toEqual(expected);
    // Saved masks take any non-zero grey as a hole.
    expect([...(await decodeMask(await raw(Buffer.from([0, 1, 2, 255]), 4, 1, 1).png().toBuffer(), 'g', size, 1))]).toEqual([0, 255, 255, 255]);
  });

  it('finds exactly the pure green pixels of a green-painted copy, and near-green only within the tolerance', async () => {
    const data = greenCopy(32, 24, 4, 4, 12, 10);
    data.set([1, 254, 0], (20 * 32 + 20) * 3); // one pixel just off pure green
    const png = await raw(data, 32, 24).png().toBuffer();
    const exact = await decodeGreenMask(png, 'green.png', { width: 32, height: 24 });
    expect(count(exact)).toBe(8 * 6);
    expect(holesIn(exact, 32, 4, 4, 12, 10)).toBe(48);
    const tolerant = await decodeGreenMask(png, 'green.png', { width: 32, height: 24 }, 1);
    expect(count(tolerant)).toBe(49);
    expect(tolerant[20 * 32 + 20]).toBe(255);
  });

  it('recovers a stroke from a JPEG-damaged green copy with a tolerance, where exact matching finds little', async () => {
    const [w, h] = [96, 64];
    const stroke = { x0: 20, y0: 22, x1: 76, y1: 42 }; // 56×20, not aligned to JPEG's 8×8 blocks
    const strokePixels = (stroke.x1 - stroke.x0) * (stroke.y1 - stroke.y0);
    const jpeg = await raw(greenCopy(w, h, stroke.x0, stroke.y0, stroke.x1, stroke.y1), w, h).jpeg({ quality: 80 }).toBuffer();
    const size = { width: w, height: h };
    const exact = await decodeGreenMask(jpeg, 'green.jpg', size, 0);
    expect(count(exact)).toBeLessThan(strokePixels * 0.3);
    const tolerant = await decodeGreenMask(jpeg, 'green.jpg', size, 40);
    // All but the most smeared edge pixels, and nothing of the photo around it.
    expect(holesIn(tolerant, w, stroke.x0, stroke.y0, stroke.x1, stroke.y1)).toBeGreaterThan(strokePixels * 0.85);
    expect(count(tolerant) - holesIn(tolerant, w, stroke.x0, stroke.y0, stroke.x1, stroke.y1)).toBeLessThan(strokePixels * 0.02);
  });

  it('refuses a mask of another size than the image, naming both sizes', async () => {
    const png = await encodeMaskPng(new Uint8Array(10 * 20), { width: 10, height: 20 });
    await expect(decodeMask(png, 'm.png', { width: 20, height: 10 })).rejects.toMatchObject({
      code: 'E_INVALID_ARGUMENT',
      message: 'mask is 10×20 but the image is 20×10',
    });
    await expect(decodeGreenMask(png, 'g.png', { width: 20, height: 10 })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });

  it('applies EXIF orientation, so a rotated green copy lines up with the displayed image', async () => {
    // Stored 40×20 with green over its top-left 10×5; orientation 6 (90° clockwise) shows it 20×40, the green at the
    // top right: x 15–19, y 0–9.
    const stored = greenCopy(40, 20, 0, 0, 10, 5);
    const webp = await raw(stored, 40, 20).withMetadata({ orientation: 6 }).webp({ lossless: true }).toBuffer();
    await expect(decodeGreenMask(webp, 'g.webp', { width: 40, height: 20 })).rejects.toThrow('mask is 20×40 but the image is 40×20');
    const mask = await decodeGreenMask(webp, 'g.webp', { width: 20, height: 40 });
    expect(count(mask)).toBe(50);
    expect(holesIn(mask, 20, 15, 0, 20, 10)).toBe(50);
  });

  it('refuses a picture over the pixel limit before decoding it, and a file that is no picture', async () => {
    const dir = tempDir('mask');
    writeFileSync(join(dir, 'huge.png'), hugePngHeader());
    await expect(decodeMask(join(dir, 'huge.png'), 'huge.png', { width: 30000, height: 30000 })).rejects.toMatchObject({ code: 'E_IMAGE_TOO_LARGE' });
    await expect(decodeMask(Buffer.from('not a png'), 'notes.png', { width: 1, height: 1 })).rejects.toMatchObject({ code: 'E_BAD_IMAGE' });
  });
});
