import { beforeAll, describe, expect, it } from 'vitest';
import { buildGatedUnet, GATED_UNET_ARCH } from '../../../models/gated-unet/gated-unet.js';
import { tempDir } from '../../images/test-images.js';
import { InpaintWorker, inpaintInWorker } from '../../inpaint/inpaint-in-worker.js';
import { writeTinyColorizer, writeTinyInpainter } from '../../models/test-models.js';
import { loadWasmBackend } from '../../runtime/wasm-backend.js';
import type { HoleMask, RgbImage } from './engine.js';
import { ModelInpaintEngine, type InpaintManifest } from './model-inpainter.js';
import { inpaintRegions } from './regions.js';
import { gradient, rectMask } from './test-fixtures.js';

const SIZE = 32;
const manifest = (mode: 'fill' | 'mosaic' = 'fill'): InpaintManifest => ({
  kind: 'inpaint',
  name: 'Tiny',
  arch: GATED_UNET_ARCH,
  inputSize: SIZE,
  io: { colorSpace: 'rgb', input: 'rgb+mask', output: 'rgb', mode },
});

beforeAll(async () => {
  await loadWasmBackend();
});

/** Two separate holes: a stroke-like bar and a box, far apart, in a non-square image larger than the working size. */
function twoHoles(width: number, height: number): HoleMask {
  const mask = rectMask(width, height, 20, 30, 90, 36);
  const box = rectMask(width, height, width - 50, 60, width - 30, 85);
  for (let p = 0; p < mask.length; p++) if (box[p] !== 0) mask[p] = 255;
  return mask;
}

function compare(out: RgbImage, before: Uint8Array, mask: HoleMask): { outside: number; inside: number } {
  let outside = 0;
  let inside = 0;
  for (let p = 0; p < mask.length; p++) {
    const differs = [0, 1, 2].some((k) => out.data[p * 3 + k] !== before[p * 3 + k]);
    if (mask[p] === 0) outside += differs ? 1 : 0;
    else inside += differs ? 1 : 0;
  }
  return { outside, inside };
}

describe('learned inpainting engine', () => {
  it('keeps every unmasked pixel bit-identical on a non-square image larger than its working size, and fills the holes', async () => {
    const model = buildGatedUnet({ size: SIZE, width: 2, seed: 3 });
    const engine = new ModelInpaintEngine('model-1', model, manifest());
    const image = gradient(300, 100);
    const before = new Uint8Array(image.data);
    const mask = twoHoles(300, 100);
    const stages: string[] = [];
    const out = await inpaintRegions(engine, image, mask, {
      mode: 'fill',
      seed: 1,
      signal: new AbortController().signal,
      onProgress: (_f, stage) => stages.push(stage),
    });
    expect([out.width, out.height]).toEqual([300, 100]);
    const { outside, inside } = compare(out, before, mask);
    expect(outside).toBe(0);
    expect(inside).toBeGreaterThan(0.5 * mask.reduce((n, v) => n + (v ? 1 : 0), 0));
    expect(stages.some((s) => s.includes('region 2 of 2'))).toBe(true);
    expect(engine.info).toMatchObject({ id: 'model-1', kind: 'model', modes: ['fill'] });
    model.dispose();
  });

  it('refuses a model that does not match its manifest', () => {
    const model = buildGatedUnet({ size: 16, width: 2, seed: 1 });
    expect(() => new ModelInpaintEngine('model-2', model, manifest())).toThrow(expect.objectContaining({ code: 'E_BAD_MODEL' }));
    expect(() => new ModelInpaintEngine('model-2', model, { ...manifest(), kind: 'colorize', io: { colorSpace: 'lab', input: 'L', output: 'ab' } })).toThrow(/not an inpainting model/);
    model.dispose();
  });

  it('gives a mosaic model the mosaic as input, a fill model a blanked hole', async () => {
    // Same weights, two modes: only what the hole holds differs, so only a mosaic model's answer depends on it.
    const model = buildGatedUnet({ size: SIZE, width: 2, seed: 5 });
    const run = async (mode: 'fill' | 'mosaic', holeValue: number) => {
      const image = gradient(SIZE, SIZE);
      const mask = rectMask(SIZE, SIZE, 8, 8, 24, 24);
      for (let p = 0; p < mask.length; p++) if (mask[p]) image.data.fill(holeValue, p * 3, p * 3 + 3);
      const engine = new ModelInpaintEngine('model-3', model, manifest(mode));
      const out = await engine.inpaint({ image, mask, mode, seed: 1, signal: new AbortController().signal, onProgress: () => {} });
      return Array.from(out.data);
    };
    expect(await run('fill', 10)).toEqual(await run('fill', 240));
    expect(await run('mosaic', 10)).not.toEqual(await run('mosaic', 240));
    model.dispose();
  });

  it('runs in the inpainting worker from a model folder, off the main thread, over several regions', async () => {
    const modelDir = await writeTinyInpainter(tempDir('inpainter'), { size: SIZE });
    const image = gradient(200, 70);
    const before = new Uint8Array(image.data);
    const mask = rectMask(200, 70, 10, 10, 30, 20);
    const far = rectMask(200, 70, 160, 50, 180, 60);
    for (let p = 0; p < mask.length; p++) if (far[p]) mask[p] = 255;
    const holes = new Uint8Array(mask);
    const progress: string[] = [];
    const out = await inpaintInWorker(
      { engine: 'model-7', model: { modelDir, backend: 'wasm' }, mode: 'fill', seed: 1, image, mask },
      { onProgress: (_f, stage) => progress.push(stage) },
    );
    const { outside, inside } = compare(out, before, holes);
    expect(outside).toBe(0);
    expect(inside).toBeGreaterThan(0);
    expect(progress.some((s) => s.includes('region 2 of 2'))).toBe(true);
    await expect(
      inpaintInWorker({ engine: 'model-7', model: { modelDir, backend: 'wasm' }, mode: 'fill', seed: 1, image: gradient(8, 8), mask: rectMask(8, 8, 2, 2, 4, 4) }),
    ).resolves.toMatchObject({ width: 8, height: 8 });
  });

  it('keeps a learned model loaded on one worker across runs (a batch loads it once) and refuses a colorizer at load', async () => {
    const modelDir = await writeTinyInpainter(tempDir('inpainter-kept'), { size: SIZE });
    const worker = new InpaintWorker();
    try {
      const stages: string[] = [];
      await worker.load({ modelDir, backend: 'wasm' }, { onProgress: (_f, stage) => stages.push(`load: ${stage}`) });
      for (const run of [1, 2]) {
        const image = gradient(40, 30);
        const before = new Uint8Array(image.data);
        const mask = rectMask(40, 30, 5, 5, 15, 12);
        const holes = new Uint8Array(mask);
        const out = await worker.inpaint(
          { engine: 'model-7', model: { modelDir, backend: 'wasm' }, mode: 'fill', seed: 1, image, mask },
          { onProgress: (_f, stage) => stages.push(`run ${run}: ${stage}`) },
        );
        expect(compare(out, before, holes).outside).toBe(0);
      }
      expect(stages.filter((s) => s.includes('loading model'))).toEqual(['load: loading model']);
      expect(stages.some((s) => s.startsWith('run 2: '))).toBe(true);

      const colorizer = await writeTinyColorizer(tempDir('not-an-inpainter'));
      await expect(worker.load({ modelDir: colorizer, backend: 'wasm' })).rejects.toMatchObject({ code: 'E_BAD_MODEL' });
    } finally {
      await worker.close();
    }
  });
});
