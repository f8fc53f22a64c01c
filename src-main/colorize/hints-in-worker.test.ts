import { afterAll, describe, expect, it } from 'vitest';
import type { ColourHint } from '../../src-shared/contract/index.js';
import { luminanceOnly, rgbToLab } from '../color/lab.js';
import { hintChroma } from '../engines/colorize/hint-raster.js';
import { makeImage } from '../engines/inpaint/test-fixtures.js';
import { ColorizeWorker } from './colorize-in-worker.js';

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (err) {
    return (err as { code?: string }).code ?? 'no code';
  }
}

/** A grey picture of two halves split by a dark edge: left light, right mid grey. */
const scene = () => luminanceOnly(makeImage(80, 40, (x) => (x < 38 ? [200, 200, 200] : x < 42 ? [20, 20, 20] : [130, 130, 130])));

describe('the colorize worker with colour hints (real worker thread)', () => {
  const colorizer = new ColorizeWorker();
  afterAll(() => colorizer.close());

  it('spreads each hint over its side of the edge and keeps the lightness', async () => {
    const hints: ColourHint[] = [
      { points: [{ x: 10, y: 20 }], radius: 2, colour: '#d04030' },
      { points: [{ x: 60, y: 5 }, { x: 70, y: 35 }], radius: 1.5, colour: '#3050d0' },
    ];
    const grey = scene();
    const L = Array.from(rgbToLab(grey).L);
    const out = await colorizer.colorize(grey, { kind: 'hints', hints });
    const lab = rgbToLab(out);
    const want = hintChroma(hints);
    // Far corners of each half, well away from the hints: the colour reached them, stopped at the edge.
    for (const [x, y, h] of [[2, 2, 0], [30, 37, 0], [50, 37, 1], [78, 2, 1]] as const) {
      const i = y * 80 + x;
      const hue = Math.atan2(lab.b[i] as number, lab.a[i] as number);
      const wanted = Math.atan2(want.b[h] as number, want.a[h] as number);
      expect(Math.abs(hue - wanted)).toBeLessThan(0.2);
    }
    expect(L.every((l, i) => Math.abs(l - (lab.L[i] as number)) <= 1)).toBe(true);
  });

  it('refuses no hints, a hint outside the photo and a malformed hint with E_INVALID_ARGUMENT, and keeps working', async () => {
    expect(await codeOf(colorizer.colorize(scene(), { kind: 'hints', hints: [] }))).toBe('E_INVALID_ARGUMENT');
    const outside = colorizer.colorize(scene(), { kind: 'hints', hints: [{ points: [{ x: 10, y: 10 }], radius: 3, colour: '#ff0000' }, { points: [{ x: 200, y: 10 }], radius: 3, colour: '#00ff00' }] });
    await expect(outside).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT', message: expect.stringContaining('Colour hint 2 lies outside the 80x40 photo') });
    const malformed = [{ points: [{ x: 10, y: 10 }], radius: -1, colour: '#ff0000' }];
    expect(await codeOf(colorizer.colorize(scene(), { kind: 'hints', hints: malformed }))).toBe('E_INVALID_ARGUMENT');
    const out = await colorizer.colorize(scene(), { kind: 'hints', hints: [{ points: [{ x: 10, y: 10 }], radius: 3, colour: '#ff0000' }] });
    expect([out.width, out.height]).toEqual([80, 40]);
  });

  it('cancels a hint run', async () => {
    const big = luminanceOnly(makeImage(900, 700, (x, y) => [(x * 7 + y * 3) % 256, 120, 90]));
    const controller = new AbortController();
    const run = colorizer.colorize(big, { kind: 'hints', hints: [{ points: [{ x: 100, y: 100 }], radius: 5, colour: '#ff8000' }] }, {
      signal: controller.signal,
      onProgress: (_, stage) => {
        if (stage === 'spreading colour') controller.abort();
      },
    });
    expect(await codeOf(run)).toBe('E_CANCELLED');
  });
});
