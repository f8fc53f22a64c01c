import { describe, expect, it } from 'vitest';
import { hintChroma, rasterizeHints } from './hint-raster.js';

/** The pixels (x, y) labelled `index`. */
function painted(label: Int32Array, width: number, index: number): [number, number][] {
  const out: [number, number][] = [];
  label.forEach((v, i) => {
    if (v === index) out.push([i % width, Math.floor(i / width)]);
  });
  return out;
}

describe('rasterizeHints', () => {
  it('paints the pixels whose centres are within the brush of the polyline', () => {
    const label = rasterizeHints([{ points: [{ x: 2.5, y: 2.5 }, { x: 7.5, y: 2.5 }], radius: 1, colour: '#ff0000' }], 10, 6, 1, 1);
    const pixels = painted(label, 10, 0);
    // Row 2 from x = 1 (centre 1.5 is 1 from the start point) to x = 8, plus rows 1 and 3 under the segment.
    expect(pixels.filter(([, y]) => y === 2).map(([x]) => x)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(pixels.filter(([, y]) => y === 1).map(([x]) => x)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(pixels.filter(([, y]) => y === 3).map(([x]) => x)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(pixels.every(([, y]) => y >= 1 && y <= 3)).toBe(true);
  });

  it('scales hints to a smaller grid and still fixes at least the nearest pixel of a thin one', () => {
    // A 1 px dot at the centre of coarse pixel (4, 4) of a 10x10 grid for a 100x100 image: radius 0.1 there.
    const label = rasterizeHints([{ points: [{ x: 45, y: 45 }], radius: 1, colour: '#00ff00' }], 10, 10, 0.1, 0.1);
    expect(painted(label, 10, 0)).toEqual([[4, 4]]);
    // On a pixel corner it reaches the four pixels around it.
    const corner = rasterizeHints([{ points: [{ x: 40, y: 40 }], radius: 1, colour: '#00ff00' }], 10, 10, 0.1, 0.1);
    expect(painted(corner, 10, 0)).toEqual([
      [3, 3],
      [4, 3],
      [3, 4],
      [4, 4],
    ]);
  });

  it('lets later hints paint over earlier ones and clips hints outside the grid', () => {
    const label = rasterizeHints(
      [
        { points: [{ x: 2, y: 2 }], radius: 2, colour: '#ff0000' },
        { points: [{ x: 2, y: 2 }], radius: 0.5, colour: '#0000ff' },
        { points: [{ x: -50, y: 400 }, { x: -10, y: 500 }], radius: 3, colour: '#00ff00' },
      ],
      5,
      5,
      1,
      1,
    );
    expect(painted(label, 5, 1).length).toBeGreaterThan(0);
    expect(painted(label, 5, 0).length).toBeGreaterThan(painted(label, 5, 1).length);
    expect(painted(label, 5, 2)).toEqual([]);
  });
});

describe('hintChroma', () => {
  it('gives the a*b* of each hint colour (grey has none)', () => {
    const chroma = hintChroma([
      { points: [{ x: 0, y: 0 }], radius: 1, colour: '#FF0000' },
      { points: [{ x: 0, y: 0 }], radius: 1, colour: '#808080' },
    ]);
    expect(chroma.a[0]).toBeCloseTo(80.09, 1);
    expect(chroma.b[0]).toBeCloseTo(67.2, 1);
    expect([chroma.a[1], chroma.b[1]]).toEqual([0, 0]);
  });
});
