import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { ColourHint } from '../../../src-shared/contract/colorize-hints.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import { PROJECT_ROOT } from '../../app/paths.js';
import { lightness, luminanceOnly, rgbToLab } from '../../color/lab.js';
import type { RgbImage } from '../inpaint/engine.js';
import { propagateColourHints } from './colour-hints.js';

const RED = '#d02020';
const BLUE = '#2040d0';

/** Dark grey left half, light grey right half, a one-pixel step between them, with a little grain on both. */
function twoRegions(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const grain = ((x * 7 + y * 13) % 5) - 2;
      const v = (x < width / 2 ? 70 : 190) + grain;
      data.fill(v, (y * width + x) * 3, (y * width + x) * 3 + 3);
    }
  }
  return { width, height, data };
}

/** One short scribble in the middle of each half: red on the dark side, blue on the light side. */
function twoHints(width: number, height: number): ColourHint[] {
  const radius = width / 64;
  return [
    { points: [{ x: width / 4, y: height * 0.4 }, { x: width / 4, y: height * 0.6 }], radius, colour: RED },
    { points: [{ x: (width * 3) / 4, y: height * 0.4 }, { x: (width * 3) / 4, y: height * 0.6 }], radius, colour: BLUE },
  ];
}

interface Chroma {
  a: number;
  b: number;
}

/** Mean a*b* of the columns [x0, x1). */
function meanAb(lab: { a: Float32Array; b: Float32Array }, width: number, height: number, x0: number, x1: number): Chroma {
  let a = 0;
  let b = 0;
  for (let y = 0; y < height; y++) {
    for (let x = x0; x < x1; x++) {
      a += lab.a[y * width + x] as number;
      b += lab.b[y * width + x] as number;
    }
  }
  const count = height * (x1 - x0);
  return { a: a / count, b: b / count };
}

/** Where `c` lies between the two sides' colours: 0 = the left side's, 1 = the right side's. */
function towardsRight(c: Chroma, left: Chroma, right: Chroma): number {
  const dx = right.a - left.a;
  const dy = right.b - left.b;
  return ((c.a - left.a) * dx + (c.b - left.b) * dy) / (dx * dx + dy * dy);
}

function distance(p: Chroma, q: Chroma): number {
  return Math.hypot(p.a - q.a, p.b - q.b);
}

function cosine(p: Chroma, q: Chroma): number {
  return (p.a * q.a + p.b * q.b) / (Math.hypot(p.a, p.b) * Math.hypot(q.a, q.b));
}

async function expectCancelled(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KintsugiError);
  expect((error as KintsugiError).code).toBe('E_CANCELLED');
}

describe('propagateColourHints', () => {
  // Both paths: solved at full size, and solved at 1/4 size then upsampled with the guided filter.
  for (const [name, maxSolvePixels] of [
    ['solved at full size', undefined],
    ['solved at a quarter of the size', 64 * 48],
  ] as const) {
    it(`keeps each hint's colour on its side of a luminance edge (${name})`, async () => {
      const width = 256;
      const height = 192;
      const half = width / 2;
      const hints = twoHints(width, height);
      const out = await propagateColourHints(twoRegions(width, height), hints, { maxSolvePixels });
      const lab = rgbToLab(out);
      const column = (x: number) => meanAb(lab, width, height, x, x + 1);
      const left = meanAb(lab, width, height, 0, half);
      const right = meanAb(lab, width, height, half, width);
      // Each side has its hint's colour (chroma may shrink to fit sRGB at that lightness; the direction stays).
      const hintLab = rgbToLab({ width: 2, height: 1, data: Uint8Array.from([0xd0, 0x20, 0x20, 0x20, 0x40, 0xd0]) });
      const red = { a: hintLab.a[0] as number, b: hintLab.b[0] as number };
      const blue = { a: hintLab.a[1] as number, b: hintLab.b[1] as number };
      expect(cosine(left, red)).toBeGreaterThan(0.98);
      expect(cosine(right, blue)).toBeGreaterThan(0.98);
      expect(Math.hypot(left.a, left.b)).toBeGreaterThan(30);
      expect(Math.hypot(right.a, right.b)).toBeGreaterThan(30);
      // Bleeding: the colour changes in the one-pixel step of the edge, not gradually across it. Measured as the
      // share of the change between the outermost columns that happens between the two edge columns, and as the
      // share of the other side's colour in the edge columns (0 = none). Without the edge (control below) colour
      // fades over the whole width instead.
      const total = distance(column(0), column(width - 1));
      const step = distance(column(half - 1), column(half)) / total;
      const leftBleed = towardsRight(column(half - 1), column(0), column(width - 1));
      const rightBleed = 1 - towardsRight(column(half), column(0), column(width - 1));
      console.log(`${name}: ${(step * 100).toFixed(1)}% of the colour change at the edge step; other side's colour in the edge columns ${(leftBleed * 100).toFixed(1)}% | ${(rightBleed * 100).toFixed(1)}%`);
      expect(step).toBeGreaterThan(0.8);
      expect(leftBleed).toBeLessThan(0.15);
      expect(rightBleed).toBeLessThan(0.15);
    });
  }

  it('lets colour fade smoothly where there is no edge (control for the test above)', async () => {
    const width = 256;
    const height = 192;
    const flat: RgbImage = { width, height, data: new Uint8Array(width * height * 3).fill(128) };
    const lab = rgbToLab(await propagateColourHints(flat, twoHints(width, height)));
    const column = (x: number) => meanAb(lab, width, height, x, x + 1);
    const step = distance(column(width / 2 - 1), column(width / 2)) / distance(column(0), column(width - 1));
    expect(step).toBeLessThan(0.05);
  });

  it("keeps the input's lightness (a colour photo is used on its luminance)", async () => {
    const { data, info } = await sharp(join(PROJECT_ROOT, 'resources', 'samples', 'gcompris-cow.jpg'))
      .resize(320, 240)
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const photo: RgbImage = { width: info.width, height: info.height, data: new Uint8Array(data) };
    const hints: ColourHint[] = [
      { points: [{ x: 40, y: 200 }, { x: 120, y: 220 }], radius: 4, colour: '#30a030' },
      { points: [{ x: 160, y: 20 }], radius: 6, colour: '#3070e0' },
      { points: [{ x: 200, y: 120 }, { x: 220, y: 130 }], radius: 3, colour: '#a06030' },
    ];
    const out = await propagateColourHints(photo, hints);
    const want = lightness(photo);
    const got = lightness(out);
    let worst = 0;
    let sum = 0;
    for (let i = 0; i < want.length; i++) {
      const d = Math.abs((got[i] as number) - (want[i] as number));
      worst = Math.max(worst, d);
      sum += d;
    }
    console.log(`L* change: mean ${(sum / want.length).toFixed(3)}, max ${worst.toFixed(3)}`);
    // 8-bit rounding of three channels moves L* by well under one unit.
    expect(worst).toBeLessThan(1);
    expect(sum / want.length).toBeLessThan(0.3);
  });

  it('leaves a photo without hints grey', async () => {
    const { data, info } = await sharp(join(PROJECT_ROOT, 'resources', 'samples', 'gcompris-dog.jpg'))
      .resize(200, 150)
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const out = await propagateColourHints({ width: info.width, height: info.height, data: new Uint8Array(data) }, []);
    const lab = rgbToLab(out);
    expect(lab.a.every((v) => v === 0)).toBe(true);
    expect(lab.b.every((v) => v === 0)).toBe(true);
  });

  it('colorizes a 4000x3000 photo from one hint', { timeout: 180_000 }, async () => {
    const width = 4000;
    const height = 3000;
    const { data } = await sharp(join(PROJECT_ROOT, 'resources', 'samples', 'gcompris-eiffeltower.jpg'))
      .resize(width, height, { fit: 'fill' })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const image = luminanceOnly({ width, height, data: new Uint8Array(data) });
    const start = performance.now();
    const out = await propagateColourHints(image, [{ points: [{ x: 2000, y: 1500 }, { x: 2100, y: 1600 }], radius: 20, colour: '#c04020' }]);
    console.log(`4000x3000, one hint: ${Math.round(performance.now() - start)} ms`);
    expect([out.width, out.height]).toEqual([width, height]);
    const o = (1550 * width + 2050) * 3;
    const at = rgbToLab({ width: 1, height: 1, data: out.data.subarray(o, o + 3) });
    expect(at.a[0]).toBeGreaterThan(10);
  });

  it('stops when cancelled, before or during the solve, and reports progress up to 1', async () => {
    const width = 1024;
    const height = 768;
    const image = twoRegions(width, height);
    const hints = twoHints(width, height);
    const before = new AbortController();
    before.abort();
    await expectCancelled(propagateColourHints(image, hints, { signal: before.signal }));

    const during = new AbortController();
    const stages: string[] = [];
    await expectCancelled(
      propagateColourHints(image, hints, {
        signal: during.signal,
        onProgress: (_, stage) => {
          stages.push(stage);
          if (stage === 'spreading colour') during.abort();
        },
      }),
    );
    expect(stages).not.toContain('done');

    const seen: number[] = [];
    await propagateColourHints(twoRegions(64, 48), twoHints(64, 48), { onProgress: (f) => seen.push(f) });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, i) => i === 0 || f >= (seen[i - 1] as number))).toBe(true);
  });

  it('refuses invalid hints and empty images with E_INVALID_ARGUMENT', async () => {
    const image = twoRegions(16, 16);
    const bad: unknown[] = [
      [{ points: [{ x: 1, y: 1 }], radius: 2, colour: 'red' }],
      [{ points: [{ x: 1, y: 1 }], radius: 0, colour: RED }],
      [{ points: [], radius: 2, colour: RED }],
      [{ points: [{ x: Number.NaN, y: 1 }], radius: 2, colour: RED }],
    ];
    for (const hints of bad) {
      await expect(propagateColourHints(image, hints as ColourHint[])).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    }
    await expect(propagateColourHints({ width: 0, height: 0, data: new Uint8Array(0) }, [])).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });
});
