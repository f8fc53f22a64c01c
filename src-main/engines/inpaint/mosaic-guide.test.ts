import { describe, expect, it } from 'vitest';
import { detectMosaic } from './mosaic-guide.js';
import { makeImage, pixelate, rectMask } from './test-fixtures.js';

describe('detectMosaic', () => {
  const image = makeImage(80, 80, (x, y) => [(x * 5) % 256, (y * 7) % 256, ((x + y) * 3) % 256]);

  it('finds the block size, the grid origin and the block colours', () => {
    // Blocks of 6 starting at (13, 21): origin 13 % 6 = 1, 21 % 6 = 3.
    const mosaic = pixelate(image, 13, 21, 61, 63, 6);
    const guide = detectMosaic(mosaic.data, 80, 80, rectMask(80, 80, 13, 21, 61, 63));
    expect(guide).not.toBeNull();
    expect(guide).toMatchObject({ blockWidth: 6, blockHeight: 6, originX: 1, originY: 3 });
    const i = 30 * 80 + 30;
    expect(Array.from(guide?.colours.subarray(i * 3, i * 3 + 3) ?? [])).toEqual(Array.from(mosaic.data.subarray(i * 3, i * 3 + 3)));
    expect(guide?.guided[i]).toBe(1);
    expect(guide?.guided[5]).toBe(0);
  });

  it('returns null when the hole is not pixelated', () => {
    // Noisy stripes: no runs of equal colour with a consistent length.
    const texture = makeImage(80, 80, (x, y) => [(x * 37 + y * 91) % 256, (x * 53) % 256, (y * 71) % 256]);
    expect(detectMosaic(texture.data, 80, 80, rectMask(80, 80, 10, 10, 50, 50))).toBeNull();
  });
});
