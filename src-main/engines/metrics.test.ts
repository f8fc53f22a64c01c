import { describe, expect, it } from 'vitest';
import { gradientRatio, maskBounds, psnr, ssim } from './metrics.js';
import { makeImage, rectMask } from './inpaint/test-fixtures.js';

const image = makeImage(40, 30, (x, y) => [(x * 6) % 256, (y * 8) % 256, ((x * y) % 200) + 20]);

function withNoise(amount: number, mask?: Uint8Array): typeof image {
  const data = new Uint8Array(image.data);
  for (let i = 0; i < 40 * 30; i++) {
    if (mask !== undefined && mask[i] === 0) continue;
    for (let k = 0; k < 3; k++) data[i * 3 + k] = Math.max(0, Math.min(255, (data[i * 3 + k] as number) + (i % 2 === 0 ? amount : -amount)));
  }
  return { ...image, data };
}

describe('metrics', () => {
  it('identical images: PSNR is Infinity and SSIM is 1', () => {
    expect(psnr(image, image)).toBe(Infinity);
    expect(ssim(image, image)).toBeCloseTo(1, 10);
    const mask = rectMask(40, 30, 5, 5, 15, 15);
    expect(psnr(image, image, mask)).toBe(Infinity);
    expect(ssim(image, image, mask)).toBeCloseTo(1, 10);
  });

  it('PSNR matches the formula for a known error', () => {
    // Every value off by exactly 10 (no clipping in this picture's range is guaranteed, so use a flat image).
    const flat = makeImage(8, 8, () => [100, 100, 100]);
    const off = makeImage(8, 8, () => [110, 90, 110]);
    expect(psnr(flat, off)).toBeCloseTo(10 * Math.log10((255 * 255) / 100), 10);
  });

  it('only the masked pixels count', () => {
    const mask = rectMask(40, 30, 10, 10, 20, 20);
    const outside = withNoise(20, rectMask(40, 30, 25, 0, 40, 30));
    expect(psnr(image, outside, mask)).toBe(Infinity);
    expect(psnr(image, outside)).toBeLessThan(40);
    const inside = withNoise(20, mask);
    expect(psnr(image, inside, mask)).toBeLessThan(psnr(image, inside));
  });

  it('SSIM drops with more distortion and stays within [-1, 1]', () => {
    const mild = ssim(image, withNoise(5));
    const strong = ssim(image, withNoise(40));
    expect(mild).toBeLessThan(1);
    expect(strong).toBeLessThan(mild);
    expect(strong).toBeGreaterThan(-1);
  });

  it('maskBounds finds the box, or null for an empty mask', () => {
    expect(maskBounds(rectMask(40, 30, 3, 4, 9, 7), 40, 30)).toEqual({ x: 3, y: 4, width: 6, height: 3 });
    expect(maskBounds(new Uint8Array(40 * 30), 40, 30)).toBeNull();
    expect(Number.isNaN(psnr(image, image, new Uint8Array(40 * 30)))).toBe(true);
  });

  it('gradient ratio: 1 for the truth itself, below 1 for a flat fill, above 1 for added noise', () => {
    const mask = rectMask(40, 30, 10, 8, 30, 22);
    expect(gradientRatio(image, image, mask)).toBeCloseTo(1, 10);
    const flat = new Uint8Array(image.data);
    for (let i = 0; i < 40 * 30; i++) if (mask[i] !== 0) flat.fill(128, i * 3, i * 3 + 3);
    // Only the hole's outermost row and column still see a step to the known picture.
    expect(gradientRatio({ ...image, data: flat }, image, mask)).toBeLessThan(0.5);
    expect(gradientRatio(withNoise(40, mask), image, mask)).toBeGreaterThan(1);
    expect(Number.isNaN(gradientRatio(image, image, new Uint8Array(40 * 30)))).toBe(true);
  });

  it('refuses images of different sizes', () => {
    expect(() => psnr(image, makeImage(4, 4, () => [0, 0, 0]))).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
  });
});
