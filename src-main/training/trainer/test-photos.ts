/** Generated "photos" for training tests: colours follow brightness and position, so a colorizer can learn them. */
import { join } from 'node:path';
import sharp from 'sharp';
import type { RgbImage } from '../../engines/inpaint/engine.js';
import { SeededRandom } from '../../engines/inpaint/random.js';

/**
 * A landscape-like image: a bright blue sky above a darker green field, the horizon at a random height, with a
 * red-brown disc somewhere and mild noise. Chroma is predictable from L* and context, like in real photos.
 */
export function syntheticPhoto(width: number, height: number, seed: number): RgbImage {
  const random = new SeededRandom(seed);
  const horizon = Math.floor(height * (0.3 + 0.4 * random.next()));
  const cx = random.next() * width;
  const cy = random.next() * height;
  const r = Math.min(width, height) * (0.1 + 0.15 * random.next());
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const noise = (random.next() - 0.5) * 16;
      let rgb: [number, number, number];
      if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) rgb = [170, 70, 50];
      else if (y < horizon) rgb = [90 + (y / horizon) * 60, 150 + (y / horizon) * 50, 235];
      else rgb = [60, 120 + ((y - horizon) / (height - horizon)) * 40, 40];
      const o = (y * width + x) * 3;
      for (let k = 0; k < 3; k++) data[o + k] = Math.max(0, Math.min(255, Math.round((rgb[k] as number) + noise)));
    }
  }
  return { width, height, data };
}

/** Write `count` synthetic photos as PNGs into `folder` and return their paths. */
export async function writeSyntheticPhotos(folder: string, count: number, width: number, height: number): Promise<string[]> {
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const image = syntheticPhoto(width, height, 1000 + i);
    const file = join(folder, `photo-${i}.png`);
    await sharp(image.data, { raw: { width, height, channels: 3 } }).png().toFile(file);
    files.push(file);
  }
  return files;
}
