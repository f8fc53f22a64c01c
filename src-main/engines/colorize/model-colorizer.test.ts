import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../app/paths.js';
import { luminanceOnly, rgbToLab } from '../../color/lab.js';
import type { RgbImage } from '../inpaint/engine.js';
import { checkColorizeModel, colorizeWithModel } from './model-colorizer.js';
import { colorizeManifest, linearAbModel } from './test-models.js';

const SIZE = 32;
const manifest = colorizeManifest(SIZE);

async function sample(width: number, height: number): Promise<RgbImage> {
  const { data, info } = await sharp(join(PROJECT_ROOT, 'resources', 'samples', 'gcompris-cow.jpg'))
    .resize(width, height, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** Share of pixels whose L* differs by more than `limit` between two images of the same size. */
function lightnessMismatch(x: RgbImage, y: RgbImage, limit: number): number {
  const p = rgbToLab(x).L;
  const q = rgbToLab(y).L;
  let bad = 0;
  for (let i = 0; i < p.length; i++) if (Math.abs((p[i] as number) - (q[i] as number)) > limit) bad++;
  return bad / p.length;
}

function median(values: Float32Array): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.floor(sorted.length / 2)] as number;
}

describe('colorizeWithModel', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives a grey photo the constant chroma the model predicts, at the input size, keeping its L*', async () => {
    const grey = luminanceOnly(await sample(300, 170));
    const model = linearAbModel(SIZE, { a: 20, b: -30 });
    const out = await colorizeWithModel(model, manifest, grey);
    expect([out.width, out.height]).toEqual([300, 170]);
    const lab = rgbToLab(out);
    // Mid-tones have room in sRGB for (20, -30); only the darkest and brightest are desaturated to keep L*.
    expect(median(lab.a)).toBeCloseTo(20, 0);
    expect(median(lab.b)).toBeCloseTo(-30, 0);
    expect(lightnessMismatch(out, grey, 1)).toBeLessThan(0.01);
  });

  it('keeps the full-resolution L* of a colour photo larger than the working size and not square', async () => {
    const photo = await sample(411, 263);
    const model = linearAbModel(SIZE, { a: 10, b: 25 }, { a: 0.6, b: -0.4 });
    const out = await colorizeWithModel(model, manifest, photo);
    expect([out.width, out.height]).toEqual([411, 263]);
    expect(lightnessMismatch(out, photo, 1)).toBeLessThan(0.01);
  });

  it('puts colour edges on the full-resolution luminance edge (guided upsampling, not blurred bilinear chroma)', async () => {
    // Dark left part, bright right part, edge at x = 261 of 512: 8x the working scale (working height 32).
    const width = 512;
    const height = 256;
    const edge = 261;
    const data = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.fill(x < edge ? 70 : 190, (y * width + x) * 3, (y * width + x) * 3 + 3);
    // a* = 128 tanh(0.5 x): about -20 on the dark side, +22 on the bright side.
    const model = linearAbModel(SIZE, { a: 0, b: 0 }, { a: 0.5, b: 0 });
    const out = await colorizeWithModel(model, manifest, { width, height, data });
    const lab = rgbToLab(out);
    const row = 128 * width;
    const left = lab.a[row + 100] as number;
    const right = lab.a[row + 400] as number;
    expect(left).toBeLessThan(-15);
    expect(right).toBeGreaterThan(15);
    // Two pixels from the edge the colour is already (almost) that of its side; bilinear chroma upsampled 8x would
    // still be about halfway there.
    expect(Math.abs((lab.a[row + edge - 3] as number) - left)).toBeLessThan(2);
    expect(Math.abs((lab.a[row + edge + 2] as number) - right)).toBeLessThan(2);
  });

  it('handles photos smaller than the working size and extreme panoramas', async () => {
    const model = linearAbModel(SIZE, { a: -15, b: 15 });
    const tiny = await colorizeWithModel(model, manifest, luminanceOnly(await sample(20, 13)));
    expect([tiny.width, tiny.height]).toEqual([20, 13]);
    const panorama = luminanceOnly(await sample(600, 40));
    const wide = await colorizeWithModel(model, manifest, panorama);
    expect([wide.width, wide.height]).toEqual([600, 40]);
    expect(median(rgbToLab(wide).a)).toBeCloseTo(-15, 0);
    expect(lightnessMismatch(wide, panorama, 1)).toBeLessThan(0.01);
  });

  it('leaves no tensors behind over repeated calls', async () => {
    const model = linearAbModel(SIZE, { a: 5, b: 5 });
    const photo = await sample(150, 90);
    await colorizeWithModel(model, manifest, photo);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) await colorizeWithModel(model, manifest, photo);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops with E_CANCELLED when its signal is aborted', async () => {
    const controller = new AbortController();
    const run = colorizeWithModel(linearAbModel(SIZE, { a: 5, b: 5 }), manifest, await sample(200, 100), {
      signal: controller.signal,
      onProgress: (_, stage) => {
        if (stage === 'predicting colour') controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'E_CANCELLED' });
  });

  it('refuses models that are not colorizers of the manifest size with E_BAD_MODEL', () => {
    const model = linearAbModel(SIZE, { a: 0, b: 0 });
    expect(() => checkColorizeModel(model, colorizeManifest(64))).toThrow(expect.objectContaining({ code: 'E_BAD_MODEL' }));
    expect(() => checkColorizeModel(model, { ...manifest, kind: 'inpaint' })).toThrow(expect.objectContaining({ code: 'E_BAD_MODEL' }));
    const rgb = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [SIZE, SIZE, 1], filters: 3, kernelSize: 1 })] });
    expect(() => checkColorizeModel(rgb, manifest)).toThrow(expect.objectContaining({ code: 'E_BAD_MODEL', message: expect.stringContaining('ab') }));
  });
});
