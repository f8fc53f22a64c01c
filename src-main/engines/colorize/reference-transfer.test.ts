import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { KintsugiError } from '../../../src-shared/errors.js';
import { PROJECT_ROOT } from '../../app/paths.js';
import { luminanceOnly, rgbToLab } from '../../color/lab.js';
import type { RgbImage } from '../inpaint/engine.js';
import { colorizeFromReferences, isAlreadyColour, meanChroma } from './reference-transfer.js';

/**
 * The honest check for a reference colorizer: take a colour photo, make it grey, colorize it from the original, and
 * the colours must come back far closer than the grey ones were, with the photo's luminance untouched.
 */

async function loadSample(name: string, maxSide: number): Promise<RgbImage> {
  const { data, info } = await sharp(join(PROJECT_ROOT, 'resources', 'samples', name))
    .resize(maxSide, maxSide, { fit: 'inside' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** Mean a*b* distance between two images of the same size, over rows [y0, y1). */
function abError(x: RgbImage, y: RgbImage, y0 = 0, y1 = x.height): number {
  const p = rgbToLab(x);
  const q = rgbToLab(y);
  let sum = 0;
  for (let i = y0 * x.width; i < y1 * x.width; i++) {
    sum += Math.hypot((p.a[i] as number) - (q.a[i] as number), (p.b[i] as number) - (q.b[i] as number));
  }
  return sum / ((y1 - y0) * x.width);
}

function meanA(image: RgbImage, y0: number, y1: number): number {
  const lab = rgbToLab(image);
  let sum = 0;
  for (let i = y0 * image.width; i < y1 * image.width; i++) sum += lab.a[i] as number;
  return sum / ((y1 - y0) * image.width);
}

const options = { seed: 1 };

describe('colorizeFromReferences', () => {
  let cow: RgbImage;
  let grey: RgbImage;
  let out: RgbImage;

  beforeAll(async () => {
    cow = await loadSample('gcompris-cow.jpg', 256);
    grey = luminanceOnly(cow);
    out = colorizeFromReferences(grey, [cow], options);
  });

  it('keeps the input luminance and size', () => {
    expect([out.width, out.height]).toEqual([grey.width, grey.height]);
    const want = rgbToLab(grey).L;
    const got = rgbToLab(out).L;
    let worst = 0;
    let sum = 0;
    for (let i = 0; i < want.length; i++) {
      const d = Math.abs((got[i] as number) - (want[i] as number));
      worst = Math.max(worst, d);
      sum += d;
    }
    // 8-bit rounding of three channels moves L* by well under one unit.
    expect(worst).toBeLessThan(1);
    expect(sum / want.length).toBeLessThan(0.3);
  });

  it('brings the colours of a greyed photo back from the colour original', () => {
    const before = abError(grey, cow);
    const after = abError(out, cow);
    console.log(`ab error: grey ${before.toFixed(2)}, colorized ${after.toFixed(2)}; chroma ${meanChroma(out).toFixed(2)} vs ${meanChroma(cow).toFixed(2)}`);
    expect(after).toBeLessThan(before * 0.4);
  });

  it('paints the grass green', () => {
    // The bottom third of the cow photo is meadow.
    const y0 = Math.floor((out.height * 2) / 3);
    const original = meanA(cow, y0, out.height);
    const got = meanA(out, y0, out.height);
    console.log(`grass mean a*: original ${original.toFixed(2)}, colorized ${got.toFixed(2)}`);
    expect(original).toBeLessThan(-5);
    expect(got).toBeLessThan(-5);
  });

  it('is deterministic for a seed', () => {
    expect(Buffer.from(colorizeFromReferences(grey, [cow], options).data).equals(Buffer.from(out.data))).toBe(true);
  });

  it('accepts a colour target (using its luminance) and several references of other sizes', async () => {
    const dog = await loadSample('gcompris-dog.jpg', 160);
    const result = colorizeFromReferences(cow, [cow, dog], { seed: 2 });
    expect(abError(result, cow)).toBeLessThan(abError(grey, cow));
  });

  it('refuses a reference without colour', () => {
    let error: unknown;
    try {
      colorizeFromReferences(grey, [cow, grey], options);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KintsugiError);
    expect((error as KintsugiError).code).toBe('E_INVALID_ARGUMENT');
    expect((error as KintsugiError).message).toContain('reference has no colour');
  });

  it('stops when cancelled, and reports progress', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => colorizeFromReferences(grey, [cow], { seed: 1, signal: controller.signal })).toThrow(/cancelled/);
    const seen: number[] = [];
    colorizeFromReferences(grey, [cow], { seed: 1, onProgress: (f) => seen.push(f) });
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(1);
  });

  it('tells colour photos from grey ones', () => {
    expect(isAlreadyColour(cow)).toBe(true);
    expect(isAlreadyColour(grey)).toBe(false);
  });
});
