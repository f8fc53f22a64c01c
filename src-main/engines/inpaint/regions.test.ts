import { describe, expect, it } from 'vitest';
import { DiffusionEngine } from './diffusion-engine.js';
import type { InpaintEngine, InpaintRequest, RgbImage } from './engine.js';
import { PatchMatchEngine } from './patchmatch-engine.js';
import { inpaintRegions, planCrops } from './regions.js';
import { rectMask, stripes } from './test-fixtures.js';

const options = { mode: 'fill' as const, seed: 1, signal: new AbortController().signal, onProgress: () => {} };

/** Wraps an engine and records what it was asked to do. */
function spy(inner: InpaintEngine): InpaintEngine & { calls: InpaintRequest[] } {
  const calls: InpaintRequest[] = [];
  return { info: inner.info, calls, inpaint: (r) => (calls.push(r), inner.inpaint(r)) };
}

function changedOutsideMask(a: RgbImage, b: RgbImage, mask: Uint8Array): number {
  let changed = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 0) continue;
    if (a.data[i * 3] !== b.data[i * 3] || a.data[i * 3 + 1] !== b.data[i * 3 + 1] || a.data[i * 3 + 2] !== b.data[i * 3 + 2]) changed++;
  }
  return changed;
}

describe('inpaintRegions', () => {
  const image = stripes(400, 300);

  it('crops around two far-apart holes separately and changes only masked pixels', async () => {
    const mask = rectMask(400, 300, 20, 20, 30, 40);
    mask.set(rectMask(400, 300, 350, 250, 380, 260).map((v, i) => v | (mask[i] as number)));
    const crops = planCrops(mask, 400, 300);
    expect(crops).toHaveLength(2);
    expect(crops[0]).toEqual({ x: 0, y: 0, width: 30 + 32, height: 40 + 32 });

    const painted = { ...image, data: new Uint8Array(image.data) };
    for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) painted.data.set([0, 255, 0], i * 3);
    const engine = spy(new PatchMatchEngine());
    const progress: number[] = [];
    const out = await inpaintRegions(engine, painted, mask, { ...options, onProgress: (f) => progress.push(f) });
    expect(engine.calls).toHaveLength(2);
    expect(engine.calls.map((c) => [c.image.width, c.image.height])).toEqual(crops.map((c) => [c.width, c.height]));
    expect(changedOutsideMask(out, painted, mask)).toBe(0);
    // Every hole pixel was replaced by stripe colours (blue channel 120 throughout the picture, never green paint).
    for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) expect(out.data[i * 3 + 1]).toBeLessThan(230);
    expect(progress[progress.length - 1]).toBe(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1] as number);
  });

  it('merges overlapping crops and works on holes touching the border', async () => {
    const mask = rectMask(400, 300, 0, 0, 12, 12);
    mask.set(rectMask(400, 300, 30, 0, 40, 8).map((v, i) => v | (mask[i] as number)));
    expect(planCrops(mask, 400, 300)).toHaveLength(1);
    const painted = { ...image, data: new Uint8Array(image.data) };
    for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) painted.data.set([0, 255, 0], i * 3);
    const out = await inpaintRegions(new DiffusionEngine(), painted, mask, options);
    expect(changedOutsideMask(out, painted, mask)).toBe(0);
    expect(out.data[1]).not.toBe(255);
  });

  it('shrinks crops above the working size and brings the result back to full size', async () => {
    const mask = rectMask(400, 300, 100, 100, 300, 200);
    const engine = spy(new DiffusionEngine());
    const out = await inpaintRegions(engine, image, mask, { ...options, maxWorkingPixels: 100 * 100 });
    const seen = engine.calls[0]?.image;
    expect((seen?.width ?? 0) * (seen?.height ?? 0)).toBeLessThanOrEqual(100 * 100);
    expect(out.width).toBe(400);
    expect(changedOutsideMask(out, image, mask)).toBe(0);
  });

  it('rejects an empty mask before cropping', async () => {
    await expect(inpaintRegions(new DiffusionEngine(), image, new Uint8Array(400 * 300), options)).rejects.toMatchObject({
      code: 'E_INVALID_ARGUMENT',
    });
  });
});
