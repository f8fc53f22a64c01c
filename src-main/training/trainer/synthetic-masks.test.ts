import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../engines/inpaint/random.js';
import { syntheticPhoto } from './test-photos.js';
import { COVERAGE_TOLERANCE, MASK_SHAPES, synthesizeMask } from './synthetic-masks.js';
import { mosaicBlockRange, mosaicInsideMask, randomMosaic } from './synthetic-mosaic.js';

describe('synthetic masks', () => {
  it.each([
    [64, [0.05, 0.4]],
    [128, [0.1, 0.15]],
    [64, [0.5, 0.9]],
  ] as const)('cover %ipx crops within the requested range %j, every shape, over many draws', (size, range) => {
    const random = new SeededRandom(42);
    const seen = new Set<string>();
    const coverages: number[] = [];
    for (let i = 0; i < 150; i++) {
      const { mask, shape, target, coverage } = synthesizeMask(size, range, random);
      seen.add(shape);
      const counted = mask.reduce((n, v) => n + (v === 255 ? 1 : v === 0 ? 0 : NaN), 0) / (size * size);
      expect(counted).toBe(coverage);
      expect(target).toBeGreaterThanOrEqual(range[0]);
      expect(target).toBeLessThanOrEqual(range[1]);
      // Reached within the tolerance below, and at most one brush stamp (under 1 % of the crop) above.
      expect(coverage).toBeGreaterThanOrEqual(target - COVERAGE_TOLERANCE - 1e-9);
      expect(coverage).toBeLessThanOrEqual(target + 0.01);
      coverages.push(coverage);
    }
    expect([...seen].sort()).toEqual([...MASK_SHAPES].sort());
    // Drawn uniformly: the mean sits near the middle of the range and the draws spread over it.
    const mean = coverages.reduce((a, b) => a + b, 0) / coverages.length;
    expect(Math.abs(mean - (range[0] + range[1]) / 2)).toBeLessThan((range[1] - range[0]) * 0.15 + 0.005);
    expect(Math.min(...coverages)).toBeLessThan(range[0] + (range[1] - range[0]) * 0.2 + 0.005);
    expect(Math.max(...coverages)).toBeGreaterThan(range[1] - (range[1] - range[0]) * 0.2 - 0.005);
  });

  it('draws the same mask for the same random state', () => {
    const a = synthesizeMask(64, [0.1, 0.3], new SeededRandom(9));
    const b = synthesizeMask(64, [0.1, 0.3], new SeededRandom(9));
    expect(b.mask).toEqual(a.mask);
  });
});

describe('synthetic mosaics', () => {
  const photo = syntheticPhoto(64, 64, 3);
  const mask = new Uint8Array(64 * 64);
  for (let y = 10; y < 40; y++) mask.fill(255, y * 64 + 20, y * 64 + 50);

  it('paints each masked pixel with the mean of its whole grid cell and keeps every other pixel', () => {
    const out = mosaicInsideMask(photo, mask, 8, 3, 5);
    for (let p = 0; p < mask.length; p++) {
      const x = p % 64;
      const y = (p - x) / 64;
      const pixel = Array.from(out.data.subarray(p * 3, p * 3 + 3));
      if (mask[p] === 0) {
        expect(pixel).toEqual(Array.from(photo.data.subarray(p * 3, p * 3 + 3)));
        continue;
      }
      // The cell of (x, y) on the grid offset by (3, 5).
      const x0 = Math.max(0, Math.floor((x - 3) / 8) * 8 + 3);
      const y0 = Math.max(0, Math.floor((y - 5) / 8) * 8 + 5);
      const x1 = Math.min(64, Math.floor((x - 3) / 8) * 8 + 11);
      const y1 = Math.min(64, Math.floor((y - 5) / 8) * 8 + 13);
      const mean = [0, 1, 2].map((k) => {
        let sum = 0;
        for (let yy = y0; yy < y1; yy++) for (let xx = x0; xx < x1; xx++) sum += photo.data[(yy * 64 + xx) * 3 + k] as number;
        return Math.round(sum / ((x1 - x0) * (y1 - y0)));
      });
      expect(pixel).toEqual(mean);
    }
  });

  it('picks block sizes within the range for the working size, and the hole shows blocks of that size', () => {
    expect(mosaicBlockRange(128)).toEqual([4, 16]);
    expect(mosaicBlockRange(64)).toEqual([2, 8]);
    const random = new SeededRandom(1);
    const blocks = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const { image, block } = randomMosaic(photo, mask, random);
      blocks.add(block);
      expect(block).toBeGreaterThanOrEqual(2);
      expect(block).toBeLessThanOrEqual(8);
      // Far fewer distinct colours inside the hole than in the photo there: one per block.
      const colours = new Set<string>();
      for (let p = 0; p < mask.length; p++) if (mask[p] !== 0) colours.add(Array.from(image.data.subarray(p * 3, p * 3 + 3)).join());
      expect(colours.size).toBeLessThanOrEqual(Math.ceil(30 / block + 1) ** 2);
    }
    expect(blocks.size).toBeGreaterThan(3);
  });
});
