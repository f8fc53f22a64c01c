import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../engines/inpaint/random.js';
import { solid, tempDir, truncatedJpeg } from '../../images/test-images.js';
import { centreCrop, crop, randomCrop } from './crops.js';
import { decodeForTraining, TrainingImages } from './training-images.js';

describe('decodeForTraining', () => {
  it('uprights by EXIF orientation and scales the shorter side to 1.5× the working size', async () => {
    const folder = tempDir('train-decode');
    const file = join(folder, 'rotated.jpg');
    // Stored 400×200, EXIF "rotate 90° clockwise": shown 200×400 portrait.
    await solid(400, 200, '#3366cc').jpeg().withMetadata({ orientation: 6 }).toFile(file);
    const image = await decodeForTraining(file, 64);
    expect([image.width, image.height]).toEqual([96, 192]);
    expect(image.data.length).toBe(96 * 192 * 3);
  });

  it('upscales a small photo and flattens transparency onto white', async () => {
    const folder = tempDir('train-alpha');
    const file = join(folder, 'clear.png');
    await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0 } } }).png().toFile(file);
    const image = await decodeForTraining(file, 64);
    expect([image.width, image.height]).toEqual([128, 96]);
    expect(Array.from(image.data.subarray(0, 3))).toEqual([255, 255, 255]);
  });

  it('refuses a corrupt file with E_BAD_IMAGE and a missing one with E_NOT_FOUND', async () => {
    const folder = tempDir('train-bad');
    writeFileSync(join(folder, 'broken.jpg'), await truncatedJpeg());
    await expect(decodeForTraining(join(folder, 'broken.jpg'), 64)).rejects.toMatchObject({ code: 'E_BAD_IMAGE' });
    await expect(decodeForTraining(join(folder, 'gone.jpg'), 64)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });
});

describe('TrainingImages', () => {
  it('drops files that no longer decode, keeps the rest, and re-decodes what the cache bound evicted', async () => {
    const folder = tempDir('train-pool');
    const files = [join(folder, 'a.png'), join(folder, 'broken.jpg'), join(folder, 'b.png')];
    await solid(100, 100, '#ff0000').png().toFile(files[0]!);
    writeFileSync(files[1]!, await truncatedJpeg());
    await solid(100, 100, '#0000ff').png().toFile(files[2]!);
    // Room for one decoded 24×24 photo (1.5 × 16): the second evicts the first.
    const pool = new TrainingImages(files, 16, 24 * 24 * 3);
    await pool.load();
    expect(pool.count).toBe(2);
    expect(Array.from((await pool.get(0)).data.subarray(0, 3))).toEqual([255, 0, 0]);
    expect(Array.from((await pool.get(1)).data.subarray(0, 3))).toEqual([0, 0, 255]);
    expect(Array.from((await pool.get(0)).data.subarray(0, 3))).toEqual([255, 0, 0]);
  });

  it('fails with E_BAD_IMAGE when no photo can be read', async () => {
    const folder = tempDir('train-none');
    writeFileSync(join(folder, 'broken.jpg'), await truncatedJpeg());
    await expect(new TrainingImages([join(folder, 'broken.jpg')], 16).load()).rejects.toMatchObject({ code: 'E_BAD_IMAGE' });
  });
});

describe('crops', () => {
  // 4×2 image whose red channel is the x coordinate and green the y coordinate.
  const image = { width: 4, height: 2, data: Uint8Array.from({ length: 24 }, (_, i) => (i % 3 === 0 ? (i / 3) % 4 : i % 3 === 1 ? Math.floor(i / 12) : 0)) };
  const reds = (c: { data: Uint8Array }) => Array.from(c.data).filter((_, i) => i % 3 === 0);

  it('cuts a window, mirrored on request', () => {
    expect(reds(crop(image, 2, 1, 0, false))).toEqual([1, 2, 1, 2]);
    expect(reds(crop(image, 2, 1, 0, true))).toEqual([2, 1, 2, 1]);
    expect(reds(centreCrop(image, 2))).toEqual([1, 2, 1, 2]);
    expect(() => crop(image, 2, 3, 0, false)).toThrow(RangeError);
  });

  it('draws random crops from the seeded stream, the same for the same state', () => {
    const a = new SeededRandom(5);
    const b = new SeededRandom(5);
    for (let i = 0; i < 10; i++) expect(randomCrop(image, 2, a)).toEqual(randomCrop(image, 2, b));
  });
});
