import { describe, expect, it } from 'vitest';
import { countHoles, createMask } from './bitmap.js';
import { fillPolygon, fillRectangle, stampSegment, stampStroke } from './raster.js';
import { maskFromRows, maskToRows } from './test-helpers.js';

describe('stampSegment as a disc', () => {
  it('sets exactly the pixels whose centres lie within the radius, nothing partial', () => {
    const mask = createMask(11, 11);
    const rect = stampSegment(mask, { x: 5.5, y: 5.5 }, { x: 5.5, y: 5.5 }, 7, 1);
    expect(maskToRows(mask)).toEqual([
      '...........',
      '...........',
      '....###....',
      '...#####...',
      '..#######..',
      '..#######..',
      '..#######..',
      '...#####...',
      '....###....',
      '...........',
      '...........',
    ]);
    expect(new Set(mask.data)).toEqual(new Set([0, 1]));
    // The reported rectangle covers every changed pixel.
    expect(rect.x).toBeLessThanOrEqual(2);
    expect(rect.x + rect.width).toBeGreaterThanOrEqual(9);
  });

  it('matches the definition pixel for pixel at an off-centre point and a large diameter', () => {
    const mask = createMask(80, 60);
    const c = { x: 37.3, y: 28.8 };
    stampSegment(mask, c, c, 41, 1);
    for (let y = 0; y < 60; y++) {
      for (let x = 0; x < 80; x++) {
        const inside = (x + 0.5 - c.x) ** 2 + (y + 0.5 - c.y) ** 2 <= 20.5 ** 2;
        expect(mask.data[y * 80 + x], `${x},${y}`).toBe(inside ? 1 : 0);
      }
    }
  });

  it('always paints the pixel under a brush thinner than a pixel', () => {
    const mask = createMask(4, 4);
    stampSegment(mask, { x: 1.05, y: 2.95 }, { x: 1.05, y: 2.95 }, 0.5, 1);
    expect(countHoles(mask)).toBe(1);
    expect(mask.data[2 * 4 + 1]).toBe(1);
  });

  it('clips at the image edges and erases with 0', () => {
    const mask = maskFromRows(['####', '####', '####']);
    // Centred on the image corner: of the disc (r = 1.5) only pixel (0, 0) has its centre inside the image.
    const rect = stampSegment(mask, { x: 0, y: 0 }, { x: 0, y: 0 }, 3, 0);
    expect(maskToRows(mask)).toEqual(['.###', '####', '####']);
    expect(rect).toEqual({ x: 0, y: 0, width: 3, height: 3 });
  });
});

describe('stampStroke', () => {
  it('fills a capsule along the segments with no gaps and no fringe', () => {
    const mask = createMask(20, 9);
    const rect = stampStroke(mask, [{ x: 3.5, y: 4.5 }, { x: 10.5, y: 4.5 }, { x: 16.5, y: 4.5 }], 5, 1);
    // Round caps: two rows off the axis, only centres within 1.5 px of the ends along x.
    expect(maskToRows(mask)).toEqual([
      '....................',
      '....................',
      '..################..',
      '.##################.',
      '.##################.',
      '.##################.',
      '..################..',
      '....................',
      '....................',
    ]);
    expect(countHoles(mask)).toBe(3 * 18 + 2 * 16);
    // The reported rectangle holds every painted pixel.
    expect(rect.x).toBeLessThanOrEqual(1);
    expect(rect.y).toBeLessThanOrEqual(2);
    expect(rect.x + rect.width).toBeGreaterThanOrEqual(19);
    expect(rect.y + rect.height).toBeGreaterThanOrEqual(7);
  });

  it('covers a fast diagonal segment as densely as stamped discs would', () => {
    const a = { x: 2.2, y: 3.1 };
    const b = { x: 57.9, y: 41.4 };
    const capsule = createMask(64, 48);
    stampSegment(capsule, a, b, 6, 1);
    const discs = createMask(64, 48);
    for (let t = 0; t <= 1; t += 1 / 2000) {
      const p = { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) };
      stampSegment(discs, p, p, 6, 1);
    }
    expect(Array.from(capsule.data)).toEqual(Array.from(discs.data));
  });
});

describe('fillRectangle', () => {
  it('covers both corner pixels whichever way it is dragged', () => {
    const mask = createMask(6, 5);
    const rect = fillRectangle(mask, { x: 4.2, y: 3.9 }, { x: 1.7, y: 1.1 }, 1);
    expect(maskToRows(mask)).toEqual(['......', '.####.', '.####.', '.####.', '......']);
    expect(rect).toEqual({ x: 1, y: 1, width: 4, height: 3 });
  });

  it('clips a drag that leaves the image', () => {
    const mask = createMask(4, 3);
    expect(fillRectangle(mask, { x: -5, y: -5 }, { x: 1.5, y: 10 }, 1)).toEqual({ x: 0, y: 0, width: 2, height: 3 });
    expect(countHoles(mask)).toBe(6);
  });
});

describe('fillPolygon', () => {
  it('fills a concave polygon by pixel centres', () => {
    // A "U": the notch between the arms stays empty.
    const mask = createMask(10, 8);
    const rect = fillPolygon(
      mask,
      [
        { x: 1, y: 1 },
        { x: 4, y: 1 },
        { x: 4, y: 4 },
        { x: 6, y: 4 },
        { x: 6, y: 1 },
        { x: 9, y: 1 },
        { x: 9, y: 7 },
        { x: 1, y: 7 },
      ],
      1,
    );
    expect(maskToRows(mask)).toEqual([
      '..........',
      '.###..###.',
      '.###..###.',
      '.###..###.',
      '.########.',
      '.########.',
      '.########.',
      '..........',
    ]);
    expect(rect).toEqual({ x: 1, y: 1, width: 8, height: 6 });
  });

  it('keeps a self-overlapping loop filled (non-zero winding) and erases with 0', () => {
    const mask = createMask(8, 8);
    mask.data.fill(1);
    // The square is walked twice: even-odd would leave it empty, non-zero winding fills it.
    const square = [
      { x: 2, y: 2 },
      { x: 6, y: 2 },
      { x: 6, y: 6 },
      { x: 2, y: 6 },
    ];
    fillPolygon(mask, [...square, ...square], 0);
    expect(countHoles(mask)).toBe(64 - 16);
  });

  it('ignores a path of fewer than three points', () => {
    const mask = createMask(4, 4);
    expect(fillPolygon(mask, [{ x: 0, y: 0 }, { x: 3, y: 3 }], 1).width).toBe(0);
    expect(countHoles(mask)).toBe(0);
  });
});
