import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { KintsugiError } from '../../src-shared/errors.js';
import { MAX_PIXELS, probeImage } from './probe.js';
import { hugePngHeader, solid, tempDir, truncatedJpeg } from './test-images.js';
import { makeThumbnail, THUMBNAIL_SIZE } from './thumbnail.js';

const dir = tempDir('probe');
const at = (name: string) => join(dir, name);

async function failure(promise: Promise<unknown>): Promise<KintsugiError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(KintsugiError);
  return err as KintsugiError;
}

beforeAll(async () => {
  await solid(40, 20, '#a33').jpeg().withMetadata({ orientation: 6 }).toFile(at('rot6.jpg'));
  await solid(40, 20, '#a33').jpeg().withMetadata({ orientation: 3 }).toFile(at('rot3.jpg'));
  await solid(16, 8, '#3a3').toColourspace('rgb16').png().toFile(at('deep.png'));
  await sharp({ create: { width: 10, height: 10, channels: 4, background: { r: 50, g: 50, b: 160, alpha: 0.5 } } }).png().toFile(at('alpha.png'));
  await solid(300, 300, '#999').jpeg().toFile(at('big.jpg'));
  await solid(12, 10, '#123').gif().toFile(at('anim.gif'));
  writeFileSync(at('huge.png'), hugePngHeader());
  writeFileSync(at('cut.jpg'), await truncatedJpeg());
  writeFileSync(at('empty.jpg'), '');
  writeFileSync(at('notes.png'), 'hello');
  writeFileSync(at('drawing.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
});

describe('probeImage (header only)', () => {
  it('reports the displayed size after EXIF orientation, and the orientation itself', async () => {
    expect(await probeImage(at('rot6.jpg'))).toMatchObject({ width: 20, height: 40, orientation: 6, format: 'jpeg' });
    expect(await probeImage(at('rot3.jpg'))).toMatchObject({ width: 40, height: 20, orientation: 3 });
  });

  it('reports bit depth, channels, ICC and size in bytes', async () => {
    expect(await probeImage(at('deep.png'))).toMatchObject({ format: 'png', bitDepth: 16, channels: 3, orientation: 1, hasIcc: false });
    expect(await probeImage(at('alpha.png'))).toMatchObject({ format: 'png', bitDepth: 8, channels: 4 });
    expect(await probeImage(at('anim.gif'))).toMatchObject({ format: 'gif', width: 12, height: 10 });
    const rot = await probeImage(at('rot6.jpg'));
    expect(rot.hasIcc).toBe(true); // sharp's withMetadata embeds sRGB
    expect(rot.bytes).toBeGreaterThan(0);
  });

  it('refuses a device or a folder as not a regular file, without reading it', async () => {
    for (const path of ['/dev/zero', tempDir('probe-folder')]) {
      await expect(probeImage(path), path).rejects.toMatchObject({ code: 'E_BAD_IMAGE', message: expect.stringContaining('not a regular file') });
    }
  });

  it('refuses a 30000×30000 header by the pixel limit, naming both, before any decode', async () => {
    // The file holds 64 bytes of pixel data: a decode would fail as truncated, so this code proves none ran.
    const err = await failure(probeImage(at('huge.png')));
    expect(err.code).toBe('E_IMAGE_TOO_LARGE');
    expect(err.message).toContain('30000×30000');
    // In the megapixels people read, not a raw pixel count.
    expect(err.message).toContain('(900 MP), over the limit of 268 MP');
    expect(err.message).not.toContain(String(MAX_PIXELS));
  });

  it.each([
    ['empty.jpg', /file is empty/],
    ['notes.png', /not an image: notes\.png/],
    ['drawing.svg', /unsupported image format "svg"/],
  ])('refuses %s with E_BAD_IMAGE and a human message', async (name, message) => {
    const err = await failure(probeImage(at(name)));
    expect(err.code).toBe('E_BAD_IMAGE');
    expect(err.message).toMatch(message);
  });

  it('answers E_NOT_FOUND for a missing file', async () => {
    expect((await failure(probeImage(at('nope.png')))).code).toBe('E_NOT_FOUND');
  });
});

describe('makeThumbnail (full decode)', () => {
  it('catches a truncated JPEG whose header still reads', async () => {
    await expect(probeImage(at('cut.jpg'))).resolves.toMatchObject({ format: 'jpeg' });
    const err = await failure(makeThumbnail(at('cut.jpg'), 'jpeg'));
    expect(err.code).toBe('E_BAD_IMAGE');
    expect(err.message).toMatch(/truncated or corrupt JPEG/);
  });

  it('makes an upright WebP that fits in 256 px', async () => {
    const rot = await makeThumbnail(at('rot6.jpg'));
    expect([rot.width, rot.height]).toEqual([20, 40]);
    const big = await makeThumbnail(at('big.jpg'));
    const meta = await sharp(big.webp).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE });
  });

  it('refuses to decode over the pixel limit', async () => {
    expect((await failure(makeThumbnail(at('huge.png')))).code).toBe('E_IMAGE_TOO_LARGE');
  });
});
