import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrainingConfigSchema } from '../../src-shared/contract/training.js';
import { MANIFEST_FILE, type ModelManifest } from '../../src-shared/models/manifest.js';
import { createApp } from '../app/create-app.js';
import { rgbToLab } from '../color/lab.js';
import { SeededRandom } from '../engines/inpaint/random.js';
import type { RgbImage } from '../engines/inpaint/engine.js';
import { tempDir } from '../images/test-images.js';
import { loadWasmBackend } from '../runtime/wasm-backend.js';
import { writeCheckpoint } from '../training/trainer/checkpoint.js';
import { createColorizeTask } from '../training/trainer/colorize-task.js';
import { syntheticPhoto } from '../training/trainer/test-photos.js';
import { WeightAverage } from '../training/trainer/weight-average.js';
import { SHIPPED_FILE, shipColorizer, type ShippedReport } from './ship-colorizer.js';

const RUN = {
  config: TrainingConfigSchema.parse({ kind: 'colorize', dataFolder: '/corpus', size: 64, colorizeArch: 'pix2pix' }),
  trainCount: 2,
  validationCount: 2,
  backend: 'wasm',
};
const CORPUS = { photos: 3, crops: { train: 2, val: 2 }, photosPerPackage: { 'endless-sky-data': 3 }, photosPerLicence: { 'public-domain': 3 } };

/** A run folder with a checkpoint of a tiny pix2pix colorizer after `steps` steps (weight average included). */
async function tinyRun(steps: number): Promise<string> {
  const runDir = tempDir('ship-run');
  const task = createColorizeTask({ size: 64, width: 2, learningRate: 1e-3, l1Weight: 100, seed: 1, freezeEncoder: false });
  const average = new WeightAverage(task.product.model);
  const random = new SeededRandom(1);
  const batch = [syntheticPhoto(64, 64, 1), syntheticPhoto(64, 64, 2)];
  for (let step = 1; step <= steps; step++) {
    task.trainStep(batch, random);
    average.update(step);
  }
  await writeCheckpoint(runDir, task, { size: 64, step: steps, randomState: random.state, lastValidation: null }, average.variables);
  average.dispose();
  task.dispose();
  return runDir;
}

async function ship(outDir: string, steps: number, grid?: { file: string; rows: number }): Promise<ShippedReport> {
  return shipColorizer({
    ...(grid ? { grid } : {}),
    runDir: await tinyRun(steps),
    run: RUN,
    validation: [syntheticPhoto(96, 80, 7), syntheticPhoto(80, 96, 8)],
    corpus: CORPUS,
    outDir,
    name: 'Automatic',
    appVersion: '0',
  });
}

describe('shipped models', () => {
  beforeAll(async () => {
    await loadWasmBackend();
  });

  it('ships a run checkpoint: averaged weights, scored against grey on colour photos, with its manifest and data', async () => {
    const out = join(tempDir('shipped'), 'colorizer');
    const grid = join(tempDir('grid'), 'before-after.png');
    const report = await ship(out, 3, { file: grid, rows: 2 });
    // Two rows of grey | Automatic | truth tiles of 192 px with 2 px gaps.
    expect(await sharp(grid).metadata()).toMatchObject({ format: 'png', width: 3 * 192 + 4, height: 2 * 192 + 2 });
    expect(readdirSync(out).sort()).toEqual([MANIFEST_FILE, 'model.json', SHIPPED_FILE, 'weights.bin']);
    expect(report).toMatchObject({ name: 'Automatic', steps: 3, averaged: true, validationImages: 2, data: CORPUS });
    expect(report.bytes).toBeGreaterThan(0);
    expect(report.bytes).toBeLessThan(25 * 2 ** 20);
    // Grey scores no colour at all; both outputs keep the photos' own luminance (the engine's full-resolution L*).
    expect(report.scores.grey.colourfulness).toBeLessThan(0.02);
    expect(report.scores.grey.abError).toBeGreaterThan(15);
    expect(report.scores.model.lightnessError).toBeLessThan(1.5);
    expect(Number.isFinite(report.scores.model.abError)).toBe(true);
    expect(JSON.parse(readFileSync(join(out, SHIPPED_FILE), 'utf8'))).toEqual(report);
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_FILE), 'utf8')) as ModelManifest;
    expect(manifest).toMatchObject({ kind: 'colorize', arch: 'pix2pix-unet', name: 'Automatic', inputSize: 64, provenance: { steps: 3, dataFolder: '/corpus' } });
  });

  it('refuses a run without a checkpoint', async () => {
    await expect(
      shipColorizer({ runDir: tempDir('empty-run'), run: RUN, validation: [syntheticPhoto(64, 64, 1)], corpus: null, outDir: join(tempDir('x'), 'c'), name: 'A', appVersion: '0' }),
    ).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('appears in a fresh library as its read-only default colorizer, colorizes a file with no engine named, and is replaced by a newer one', async () => {
    const shipped = join(tempDir('app-models'), 'shipped');
    await ship(join(shipped, 'colorizer'), 2);
    const dataDir = tempDir('fresh-library');
    const app = await createApp({ dataDir, host: 'cli', shippedModels: shipped });
    let firstId: number;
    try {
      const [model, ...others] = app.models.list('colorize');
      expect(others).toEqual([]);
      expect(model).toMatchObject({ name: 'Automatic', source: 'shipped', isDefault: true, provenance: { steps: 2 } });
      firstId = model!.id;
      expect(() => app.models.rename(firstId, 'Mine')).toThrow(expect.objectContaining({ code: 'E_FORBIDDEN' }));
      await expect(app.models.remove(firstId)).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
      expect(app.colorize.engines().find((e) => e.id === `model-${firstId}`)?.name).toBe('Automatic');

      // `kintsugi colorize --image IN --out OUT` without an engine: the shipped model, luminance kept.
      const photo = syntheticPhoto(120, 90, 5);
      const input = join(dataDir, 'bw.png');
      await sharp(photo.data, { raw: { width: 120, height: 90, channels: 3 } }).greyscale().png().toFile(input);
      const out = join(dataDir, 'out.png');
      await app.colorize.colorizeFile({ image: input, out, references: [], quality: 90, overwrite: false });
      const read = async (path: string): Promise<RgbImage> => {
        const { data, info } = await sharp(path).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
        return { width: info.width, height: info.height, data: new Uint8Array(data) };
      };
      const [before, after] = [rgbToLab(await read(input)).L, rgbToLab(await read(out)).L];
      expect(after.length).toBe(120 * 90);
      expect(after.reduce((s, l, i) => s + Math.abs(l - (before[i] as number)), 0) / after.length).toBeLessThan(1);
    } finally {
      app.close();
    }

    // The next start finds it there; a newer shipped model of the same name replaces it and stays the default.
    const again = await createApp({ dataDir, host: 'cli', shippedModels: shipped });
    expect(again.models.list('colorize').map((m) => m.id)).toEqual([firstId]);
    again.close();
    await ship(join(shipped, 'colorizer'), 4);
    const updated = await createApp({ dataDir, host: 'cli', shippedModels: shipped });
    try {
      const models = updated.models.list('colorize');
      expect(models).toHaveLength(1);
      expect(models[0]).toMatchObject({ source: 'shipped', isDefault: true, provenance: { steps: 4 } });
      expect(models[0]!.id).not.toBe(firstId);
    } finally {
      updated.close();
    }
  });
});
