import { describe, expect, it } from 'vitest';
import type { HoleMask, RgbImage } from './engine.js';
import { PatchMatchEngine } from './patchmatch-engine.js';
import { mulberry32 } from './random.js';
import { makeImage, rectMask, request } from './test-fixtures.js';

/**
 * Large holes on texture must come out sharp, not smeared: the filled region's gradient energy (mean squared
 * luma difference to the right and lower neighbours) has to reach most of the surrounding texture's. An averaging
 * fill (diffusion, or PatchMatch voting that blends mismatched patches) lands far below.
 */

/**
 * A random tile of `period` pixels (3x3-box-smoothed noise), laid down in 16 px blocks that each start at a random
 * phase of the tile: locally periodic, with seams where no patch matches exactly (like real repeated texture).
 */
function tiledNoise(size: number, period: number, seed: number): RgbImage {
  const random = mulberry32(seed);
  const raw = Array.from({ length: period * period }, () => random());
  const tile = raw.map((_, i) => {
    const x = i % period;
    const y = (i - x) / period;
    let sum = 0;
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) sum += raw[((y + dy + period) % period) * period + ((x + dx + period) % period)] as number;
    }
    return sum / 9;
  });
  const blocks = Math.ceil(size / 16);
  const phase = Array.from({ length: blocks * blocks * 2 }, () => Math.floor(random() * period));
  return makeImage(size, size, (x, y) => {
    const b = (Math.floor(y / 16) * blocks + Math.floor(x / 16)) * 2;
    const ty = (y + (phase[b] as number)) % period;
    const tx = (x + (phase[b + 1] as number)) % period;
    const v = tile[ty * period + tx] as number;
    return [Math.round(60 + 150 * v), Math.round(90 + 140 * v), Math.round(40 + 60 * v)];
  });
}

/** Non-repeating grass-like noise: every pixel random, lightly smoothed horizontally (short blades). */
function freeNoise(size: number, seed: number): RgbImage {
  const random = mulberry32(seed);
  const raw = Array.from({ length: size * size }, () => random());
  return makeImage(size, size, (x, y) => {
    const v = ((raw[y * size + x] as number) + (raw[y * size + Math.min(size - 1, x + 1)] as number)) / 2;
    return [Math.round(70 + 120 * v), Math.round(110 + 120 * v), Math.round(50 + 50 * v)];
  });
}

/** Mean squared luma gradient over pixels whose right and lower neighbours satisfy `inside` too. */
function gradientEnergy(image: RgbImage, inside: (x: number, y: number) => boolean): number {
  const { width, height, data } = image;
  const luma = (x: number, y: number): number => {
    const i = (y * width + x) * 3;
    return 0.299 * (data[i] as number) + 0.587 * (data[i + 1] as number) + 0.114 * (data[i + 2] as number);
  };
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height - 1; y++) {
    for (let x = 0; x < width - 1; x++) {
      if (!inside(x, y) || !inside(x + 1, y) || !inside(x, y + 1)) continue;
      const gx = luma(x + 1, y) - luma(x, y);
      const gy = luma(x, y + 1) - luma(x, y);
      sum += gx * gx + gy * gy;
      count++;
    }
  }
  return sum / count;
}

async function sharpnessRatio(image: RgbImage, mask: HoleMask): Promise<number> {
  const out = await new PatchMatchEngine().inpaint(request(image, mask));
  const { width } = image;
  const hole = (x: number, y: number): boolean => mask[y * width + x] !== 0;
  return gradientEnergy(out, hole) / gradientEnergy(image, (x, y) => !hole(x, y));
}

describe('PatchMatch keeps large texture holes sharp', () => {
  it.each([
    ['random-phase tiled noise', () => tiledNoise(200, 23, 3)],
    ['non-repeating noise', () => freeNoise(200, 5)],
  ])('%s: hole gradient energy >= 70%% of the surrounding texture', async (_name, make) => {
    const image = make();
    const ratio = await sharpnessRatio(image, rectMask(200, 200, 60, 50, 150, 140));
    expect(ratio).toBeGreaterThanOrEqual(0.7);
  });
});
