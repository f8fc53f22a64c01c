import { describe, expect, it } from 'vitest';
import { countHoles, createMask, invertMask, type MaskBitmap } from './bitmap.js';
import { growMask, shrinkMask } from './morphology.js';
import { maskFromRows, maskToRows, seededRandom } from './test-helpers.js';

/** The definition, by brute force: a pixel is within `radius` of a pixel of value `target`. */
function bruteWithin(mask: MaskBitmap, target: number, radius: number): Uint8Array {
  const out = mask.data.slice();
  const { width, height, data } = mask;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let near = false;
      for (let v = 0; v < height && !near; v++) {
        for (let u = 0; u < width && !near; u++) {
          near = data[v * width + u] === target && (u - x) ** 2 + (v - y) ** 2 <= radius * radius;
        }
      }
      if (near) out[y * width + x] = target;
    }
  }
  return out;
}

function randomMask(width: number, height: number, seed: number, density: number): MaskBitmap {
  const random = seededRandom(seed);
  const mask = createMask(width, height);
  for (let i = 0; i < mask.data.length; i++) mask.data[i] = random() < density ? 1 : 0;
  return mask;
}

describe('growMask', () => {
  it('grows one hole into a Euclidean disc', () => {
    const mask = maskFromRows(['.......', '.......', '.......', '...#...', '.......', '.......', '.......']);
    growMask(mask, 2);
    // d² ≤ 4: the diagonal neighbours (d² = 2) join, the knight's-move ones (d² = 5) do not.
    expect(maskToRows(mask)).toEqual(['.......', '...#...', '..###..', '.#####.', '..###..', '...#...', '.......']);
  });

  it('equals the brute-force definition on random masks and radii', () => {
    for (const [seed, radius] of [
      [1, 1],
      [2, 3],
      [3, 5.5],
      [4, 12],
    ] as const) {
      const mask = randomMask(23, 17, seed, 0.04);
      const expected = bruteWithin(mask, 1, Math.floor(radius));
      growMask(mask, radius);
      expect(Array.from(mask.data)).toEqual(Array.from(expected));
    }
  });

  it('leaves the mask alone for radius 0 and for an empty mask', () => {
    const mask = maskFromRows(['.#.', '...']);
    growMask(mask, 0);
    expect(maskToRows(mask)).toEqual(['.#.', '...']);
    const empty = createMask(5, 5);
    growMask(empty, 3);
    expect(countHoles(empty)).toBe(0);
  });
});

describe('shrinkMask', () => {
  it('equals the brute-force definition (growing what is kept)', () => {
    const mask = randomMask(19, 21, 9, 0.93);
    const expected = bruteWithin(mask, 0, 2);
    shrinkMask(mask, 2);
    expect(Array.from(mask.data)).toEqual(Array.from(expected));
  });

  it('undoes a grow of a convex shape', () => {
    const mask = createMask(30, 30);
    for (let y = 10; y < 20; y++) mask.data.fill(1, y * 30 + 8, y * 30 + 22);
    const before = Array.from(mask.data);
    growMask(mask, 4);
    shrinkMask(mask, 4);
    expect(Array.from(mask.data)).toEqual(before);
  });
});

describe('invertMask', () => {
  it('swaps holes and keeps, twice is identity', () => {
    const mask = maskFromRows(['#..', '.##']);
    invertMask(mask);
    expect(maskToRows(mask)).toEqual(['.##', '#..']);
    invertMask(mask);
    expect(maskToRows(mask)).toEqual(['#..', '.##']);
  });
});
