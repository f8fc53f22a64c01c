import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchParamsSchema, modelEngineId, type BatchParamsInput } from '../../../src-shared/contract/index.js';
import { luminanceOnly, rgbToLab } from '../../color/lab.js';
import { tempDir } from '../../images/test-images.js';
import { decodeRgb } from '../../images/rgb-pixels.js';
import { openDatabase, type Database } from '../../library/db.js';
import { LibraryService } from '../../library/library-service.js';
import { ModelsService } from '../../models/models-service.js';
import { HintPresetsService } from '../../colorize/hint-presets-service.js';
import { writeTinyColorizer } from '../../models/test-models.js';
import { spawnWorker } from '../../workers/spawn-worker.js';
import { allFiles, settled } from './batch-test-fixtures.js';
import { BatchService } from './batch-service.js';
import { workerColorizers } from './worker-colorizer.js';

/** A colour photo of the repository's samples (resources/samples/SOURCES.md). */
const SAMPLE = fileURLToPath(new URL('../../../resources/samples/gcompris-bee.jpg', import.meta.url));

/** Mean a* and b* of a picture file, and its mean L*. */
async function meanLab(path: string): Promise<{ L: number; a: number; b: number }> {
  const lab = rgbToLab(await decodeRgb(path, path));
  const mean = (v: Float32Array) => v.reduce((s, x) => s + x, 0) / v.length;
  return { L: mean(lab.L), a: mean(lab.a), b: mean(lab.b) };
}

describe('BatchService, colorize jobs on the colorize worker', () => {
  let db: Database;
  let library: LibraryService;
  let models: ModelsService;
  let presets: HintPresetsService;
  let service: BatchService;
  let root: string;
  let spawned = 0;
  const at = (...parts: string[]) => join(root, ...parts);

  beforeAll(async () => {
    root = tempDir('colorize-batch');
    db = openDatabase(':memory:');
    library = new LibraryService({ db, dataDir: at('data') });
    models = new ModelsService({ db, dataDir: at('data'), ready: () => tf.setBackend('cpu') });
    presets = new HintPresetsService(db);
    const colorizers = workerColorizers({
      models,
      presets,
      backend: 'auto',
      spawn: () => {
        spawned++;
        return spawnWorker('colorize-worker');
      },
    });
    service = new BatchService({ db, images: library, colorizers });
    // Textured pictures: a colour with grey noise on it, so every pixel has the colour's hue at its own lightness.
    const texture = async (width: number, height: number, colour: [number, number, number], path: string) => {
      const noise = await sharp({ create: { width, height, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 30 } } })
        .extractChannel(0)
        .raw()
        .toBuffer();
      const rgb = Buffer.alloc(width * height * 3);
      for (let p = 0; p < width * height; p++) for (let k = 0; k < 3; k++) rgb[p * 3 + k] = Math.max(0, Math.min(255, colour[k]! + (noise[p]! - 128)));
      await sharp(rgb, { raw: { width, height, channels: 3 } }).toFile(path);
    };
    // A warm colour reference; three greyscale "scans"; a real colour photo and its exact luminance as a grey file.
    await texture(64, 48, [200, 130, 70], at('ref.png'));
    mkdirSync(at('in', 'sub'), { recursive: true });
    for (const name of ['s1', 's2', 'sub/s3']) await texture(48, 40, [128, 128, 128], at('in', `${name}.jpg`));
    const { data, info } = await sharp(SAMPLE).resize(64, 48).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const photo = { width: info.width, height: info.height, data: new Uint8Array(data) };
    await sharp(data, { raw: { width: 64, height: 48, channels: 3 } }).png().toFile(at('in', 'colour.png'));
    await sharp(luminanceOnly(photo).data, { raw: { width: 64, height: 48, channels: 3 } }).png().toFile(at('in', 'colour-grey.png'));
    await texture(32, 32, [128, 128, 128], at('grey-ref.png'));
  });

  afterAll(async () => {
    await service.close();
    db.close();
  });

  async function run(params: BatchParamsInput) {
    const { job } = await service.create({ ...BatchParamsSchema.parse(params), resumeMatching: false }, () => {});
    return settled(() => service.get(job.id));
  }

  const referenceJob = (alreadyColour: 'skip' | 'luminance', out: string): BatchParamsInput => ({
    input: { type: 'folder', folder: at('in'), recursive: true },
    output: { folder: out, namePattern: '{name}_color', format: 'png' },
    operation: { kind: 'colorize', engine: 'reference', referencePaths: [at('ref.png')], alreadyColour },
  });

  it('colorizes the grey photos with the reference palette on one worker, and skips the coloured one', async () => {
    spawned = 0;
    const out = at('out-skip');
    const job = await run(referenceJob('skip', out));
    expect(job).toMatchObject({ status: 'completed', counts: { done: 4, skipped: 1, failed: 0 } });
    expect(spawned).toBe(1);
    expect(allFiles(out)).toEqual(['colour-grey_color.png', 's1_color.png', 's2_color.png', 'sub/s3_color.png']);
    const skipped = service.items({ jobId: job.id, statuses: ['skipped'], offset: 0, limit: 10 }).items;
    expect(skipped.map((i) => [i.relativePath, i.code])).toEqual([['colour.png', 'already-colour']]);
    const [scan, result] = await Promise.all([meanLab(at('in', 's1.jpg')), meanLab(join(out, 's1_color.png'))]);
    // The reference's warm colours, on the scan's own lightness.
    expect(result.a).toBeGreaterThan(5);
    expect(Math.abs(result.L - scan.L)).toBeLessThan(1);
  });

  it('colorizes an already-coloured photo from its luminance alone when asked: exactly as its grey copy', async () => {
    const out = at('out-luminance');
    const job = await run(referenceJob('luminance', out));
    expect(job.counts).toMatchObject({ done: 5, skipped: 0 });
    const [fromColour, fromGrey] = await Promise.all([sharp(join(out, 'colour_color.png')).raw().toBuffer(), sharp(join(out, 'colour-grey_color.png')).raw().toBuffer()]);
    const worst = fromColour.reduce((m, v, i) => Math.max(m, Math.abs(v - fromGrey[i]!)), 0);
    expect(worst).toBeLessThanOrEqual(1);
    expect((await meanLab(join(out, 'colour_color.png'))).a).toBeGreaterThan(3);
  });

  it('runs a learned model loaded once for the batch, and refuses what cannot run before creating a job', async () => {
    const model = await models.register(await writeTinyColorizer(at('tiny-model')), { source: 'imported', runId: null, move: false });
    spawned = 0;
    const out = at('out-model');
    const job = await run({ ...referenceJob('skip', out), operation: { kind: 'colorize', engine: modelEngineId(model.id) } });
    expect(job).toMatchObject({ status: 'completed', counts: { done: 4, skipped: 1 } });
    expect(spawned).toBe(1);
    expect((await sharp(join(out, 's2_color.png')).metadata()).width).toBe(48);

    const refused = async (operation: BatchParamsInput['operation']) =>
      run({ ...referenceJob('skip', at('out-x')), operation }).then(
        () => null,
        (err: { code: string }) => err.code,
      );
    expect(await refused({ kind: 'colorize', engine: 'reference' })).toBe('E_INVALID_ARGUMENT');
    expect(await refused({ kind: 'colorize', engine: modelEngineId(model.id), referencePaths: [at('ref.png')] })).toBe('E_INVALID_ARGUMENT');
    expect(await refused({ kind: 'colorize', engine: 'model-999' })).toBe('E_NOT_FOUND');
    expect(await refused({ kind: 'colorize', engine: 'magic' })).toBe('E_NOT_FOUND');
  });

  it('applies a colour-hint preset to every photo, placed at the same relative spots whatever its size', async () => {
    // One big blue scribble over the whole of a 100x80 picture, as the Editor saves it.
    const points = [{ x: 10, y: 40 }, { x: 90, y: 40 }];
    const preset = presets.save({ name: 'sky', width: 100, height: 80, hints: [{ points, radius: 30, colour: '#3060d0' }] });
    const out = at('out-hints');
    const job = await run({ ...referenceJob('skip', out), operation: { kind: 'colorize', engine: 'hints', hintsPresetId: preset.id } });
    expect(job).toMatchObject({ status: 'completed', counts: { done: 4, skipped: 1, failed: 0 } });
    const result = await meanLab(join(out, 'sub/s3_color.png'));
    // Blue: b* well below zero.
    expect(result.b).toBeLessThan(-10);

    const refused = (operation: BatchParamsInput['operation']) => run({ ...referenceJob('skip', at('out-y')), operation }).catch((err: { code: string }) => err.code);
    expect(await refused({ kind: 'colorize', engine: 'hints' })).toBe('E_INVALID_ARGUMENT');
    expect(await refused({ kind: 'colorize', engine: 'reference', referencePaths: [at('ref.png')], hintsPresetId: preset.id })).toBe('E_INVALID_ARGUMENT');
    expect(await refused({ kind: 'colorize', engine: 'hints', hintsPresetId: 999 })).toBe('E_NOT_FOUND');
  });

  it('fails a job whose reference photo has no colour, before any file, with the reason', async () => {
    const job = await run({ ...referenceJob('skip', at('out-grey-ref')), operation: { kind: 'colorize', engine: 'reference', referencePaths: [at('grey-ref.png')] } });
    expect(job).toMatchObject({ status: 'failed', error: { code: 'E_INVALID_ARGUMENT', message: /reference has no colour/ }, counts: { pending: 5 } });
  });

  it('fails the job as a whole, with the reason, when its model went away after the job was made', async () => {
    const model = await models.register(await writeTinyColorizer(at('doomed-model')), { source: 'imported', runId: null, move: false });
    const params = BatchParamsSchema.parse({
      input: { type: 'folder', folder: at('in') },
      output: { folder: at('out-failed') },
      operation: { kind: 'colorize', engine: modelEngineId(model.id) },
    });
    // Queued behind a running job, then its model is removed before it starts.
    const { job: first } = await service.create({ ...BatchParamsSchema.parse(referenceJob('skip', at('out-first'))), resumeMatching: false }, () => {});
    const { job } = await service.create({ ...params, resumeMatching: false }, () => {});
    expect(job.status).toBe('queued');
    await models.remove(model.id);
    await settled(() => service.get(first.id));
    const ended = await settled(() => service.get(job.id));
    expect(ended).toMatchObject({ status: 'failed', error: { code: 'E_NOT_FOUND' }, counts: { pending: 4 } });
  });
});
