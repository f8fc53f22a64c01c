/** Synthetic images and masks shared by the inpainting tests (not shipped code paths). */
import type { HoleMask, InpaintRequest, RgbImage } from './engine.js';
import { mulberry32 } from './random.js';

export function makeImage(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colour(x, y);
      data.set([r, g, b], (y * width + x) * 3);
    }
  }
  return { width, height, data };
}

/** Horizontal stripes, 4 px dark / 4 px light, with a little seeded noise so matches are not all ties. */
export function stripes(width: number, height: number, seed = 7): RgbImage {
  const random = mulberry32(seed);
  return makeImage(width, height, (_x, y) => {
    const base = Math.floor(y / 4) % 2 === 0 ? 40 : 210;
    const n = Math.floor(random() * 9) - 4;
    return [base + n, base + n, 120];
  });
}

export function gradient(width: number, height: number): RgbImage {
  return makeImage(width, height, (x, y) => [
    Math.round((x / (width - 1)) * 200 + 20),
    Math.round((y / (height - 1)) * 150 + 50),
    100,
  ]);
}

export function rectMask(width: number, height: number, x0: number, y0: number, x1: number, y1: number): HoleMask {
  const mask = new Uint8Array(width * height);
  for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) mask.fill(255, y * width + Math.max(0, x0), y * width + Math.min(width, x1));
  return mask;
}

/** Pixelates the masked rectangle in place with `block`-sized cells aligned to the image origin. */
export function pixelate(image: RgbImage, x0: number, y0: number, x1: number, y1: number, block: number): RgbImage {
  const { width, data } = image;
  const out = new Uint8Array(data);
  for (let by = y0; by < y1; by += block) {
    for (let bx = x0; bx < x1; bx += block) {
      const sum = [0, 0, 0];
      let n = 0;
      for (let y = by; y < Math.min(y1, by + block); y++) {
        for (let x = bx; x < Math.min(x1, bx + block); x++) {
          for (let k = 0; k < 3; k++) sum[k] = (sum[k] as number) + (data[(y * width + x) * 3 + k] as number);
          n++;
        }
      }
      for (let y = by; y < Math.min(y1, by + block); y++) {
        for (let x = bx; x < Math.min(x1, bx + block); x++) {
          for (let k = 0; k < 3; k++) out[(y * width + x) * 3 + k] = Math.round((sum[k] as number) / n);
        }
      }
    }
  }
  return { width: image.width, height: image.height, data: out };
}

/** Mean squared error over the masked pixels. */
export function holeMse(a: RgbImage, b: RgbImage, mask: HoleMask): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0) continue;
    for (let k = 0; k < 3; k++) {
      const d = (a.data[i * 3 + k] as number) - (b.data[i * 3 + k] as number);
      sum += d * d;
    }
    n += 3;
  }
  return sum / n;
}

/** The request fields tests rarely vary. */
export function request(image: RgbImage, mask: HoleMask, overrides: Partial<InpaintRequest> = {}): InpaintRequest {
  return {
    image,
    mask,
    mode: 'fill',
    seed: 1,
    signal: new AbortController().signal,
    onProgress: () => {},
    ...overrides,
  };
}
