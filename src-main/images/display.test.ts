import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { displayCachePath, displayImage } from './display.js';
import { solid, tempDir } from './test-images.js';

const dir = tempDir('display');
const sha = (c: string) => c.repeat(64);

describe('displayImage', () => {
  it('serves a browser-native, upright original byte for byte', async () => {
    const path = join(dir, 'plain.jpg');
    await solid(40, 20, '#a33').jpeg().toFile(path);
    const media = await displayImage({ path, format: 'jpeg', orientation: 1, sha256: sha('1') }, join(dir, 'cache'));
    expect(media.contentType).toBe('image/jpeg');
    expect(media.data.equals(readFileSync(path))).toBe(true);
  });

  it('renders an EXIF-rotated JPEG upright as PNG once, then serves it from the cache', async () => {
    const path = join(dir, 'rot.jpg');
    await solid(40, 20, '#a33').jpeg().withMetadata({ orientation: 6 }).toFile(path);
    const cacheDir = join(dir, 'cache');
    const record = { path, format: 'jpeg', orientation: 6, sha256: sha('2') };
    const media = await displayImage(record, cacheDir);
    expect(media.contentType).toBe('image/png');
    expect(await sharp(media.data).metadata()).toMatchObject({ format: 'png', width: 20, height: 40 });
    expect(existsSync(displayCachePath(cacheDir, record.sha256))).toBe(true);
    const again = await displayImage(record, cacheDir);
    expect(again.data.equals(media.data)).toBe(true);
  });

  it('renders a 16-bit TIFF to PNG and answers E_NOT_FOUND when the original is gone', async () => {
    const path = join(dir, 'deep.tiff');
    await solid(10, 12, '#3a3').toColourspace('rgb16').tiff().toFile(path);
    const media = await displayImage({ path, format: 'tiff', orientation: 1, sha256: sha('3') }, join(dir, 'cache'));
    expect(await sharp(media.data).metadata()).toMatchObject({ format: 'png', width: 10, height: 12 });
    await expect(displayImage({ path: join(dir, 'gone.tiff'), format: 'tiff', orientation: 1, sha256: sha('4') }, join(dir, 'cache'))).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });
});
