import { copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelName, EventName, RequestOf, ResponseOf } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { createApp, type App } from '../app/create-app.js';
import { OpenFileAccess } from '../app/open-file-access.js';
import { PROJECT_ROOT } from '../app/paths.js';
import { rgbToLab } from '../color/lab.js';
import { writeLinearAbModel } from '../engines/colorize/test-models.js';
import type { RgbImage } from '../engines/inpaint/engine.js';
import { tempDir } from '../images/test-images.js';
import type { CallContext } from '../router/types.js';

const SAMPLES = join(PROJECT_ROOT, 'resources', 'samples');

async function pixels(input: string | Buffer): Promise<RgbImage> {
  const { data, info } = await sharp(input).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** Share of pixels whose L* differs by more than 1 between two images of the same size. */
function lightnessMismatch(x: RgbImage, y: RgbImage): number {
  const p = rgbToLab(x).L;
  const q = rgbToLab(y).L;
  let bad = 0;
  for (let i = 0; i < p.length; i++) if (Math.abs((p[i] as number) - (q[i] as number)) > 1) bad++;
  return bad / p.length;
}

function median(values: Float32Array): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.floor(sorted.length / 2)] as number;
}

describe('colorization through the app (real worker, real SQLite, real sharp, real tfjs)', () => {
  let app: App;
  let dataDir: string;
  let photos: string;
  const events: { event: EventName; payload: unknown }[] = [];
  const ctx: CallContext = { emit: (event, payload) => events.push({ event, payload }), files: new OpenFileAccess() };

  async function call<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    const result = await app.router.invoke(channel, request, ctx);
    if (!result.ok) throw KintsugiError.fromData(result.error);
    return result.value as ResponseOf<C>;
  }

  async function importImage(path: string): Promise<number> {
    const summary = await call('library.import', { paths: [path] });
    return summary.imported[0]?.id ?? summary.duplicates[0]!.existingId;
  }

  async function resultPixels(id: number): Promise<RgbImage> {
    return pixels(join(dataDir, 'results', `${id}.png`));
  }

  beforeAll(async () => {
    dataDir = tempDir('colorize');
    photos = tempDir('colorize-photos');
    app = await createApp({ dataDir, host: 'cli' });
    // A black-and-white print of a real photo (sharp's greyscale, stored as RGB) and colour references.
    await sharp(join(SAMPLES, 'gcompris-cow.jpg')).greyscale().toColourspace('srgb').jpeg({ quality: 92 }).toFile(join(photos, 'cow-bw.jpg'));
    copyFileSync(join(SAMPLES, 'gcompris-dog.jpg'), join(photos, 'dog.jpg'));
    copyFileSync(join(SAMPLES, 'gcompris-chickens.jpg'), join(photos, 'chickens.jpg'));
  });

  afterAll(() => app.close());

  it('offers only the embedded engines, and says how to get a model when none is asked for and none exists', async () => {
    expect((await call('colorize.engines', {})).map((e) => [e.id, e.kind])).toEqual([
      ['reference', 'embedded'],
      ['hints', 'embedded'],
    ]);
    const imageId = await importImage(join(photos, 'cow-bw.jpg'));
    await expect(call('colorize.run', { jobId: 'no-model-job', imageId })).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
      message: expect.stringContaining('No colorize model'),
    });
    await expect(call('colorize.run', { jobId: 'no-refs-job', imageId, engine: 'reference' })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(call('colorize.run', { jobId: 'bad-engine-job', imageId, engine: 'magic' })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('colorizes a real black-and-white photo from reference photos into a pending result that keeps its luminance', async () => {
    const imageId = await importImage(join(photos, 'cow-bw.jpg'));
    const references = [await importImage(join(photos, 'dog.jpg')), await importImage(join(photos, 'chickens.jpg'))];
    events.length = 0;
    const result = await call('colorize.run', { jobId: 'reference-job-1', imageId, engine: 'reference', referenceImageIds: references });
    expect(result).toMatchObject({
      imageId,
      parentId: null,
      operation: 'colorize',
      engine: 'reference',
      params: { referenceImageIds: references },
      status: 'pending',
      width: 1024,
      height: 768,
    });
    const original = await pixels(join(photos, 'cow-bw.jpg'));
    const out = await resultPixels(result.id);
    expect(lightnessMismatch(out, original)).toBeLessThan(0.01);
    expect(median(rgbToLab(out).a.map(Math.abs)) + median(rgbToLab(out).b.map(Math.abs))).toBeGreaterThan(3);
    const progress = events.filter((e) => e.event === 'job.progress').map((e) => e.payload as { jobId: string; fraction: number });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.jobId === 'reference-job-1')).toBe(true);
  });

  describe('with a trained colorize model in the library', () => {
    let modelId: number;

    beforeAll(async () => {
      // The model is built in this process, on the backend the app selects.
      await app.runtime.report();
      const folder = await writeLinearAbModel(tempDir('colorize-model'), 32, { a: 18, b: 28 }, 'Warm tones');
      modelId = (await app.models.register(folder, { source: 'imported', runId: null, move: false })).id;
    });

    it('lists the model after the embedded engines', async () => {
      const engines = await call('colorize.engines', {});
      expect(engines.map((e) => e.id)).toEqual(['reference', 'hints', `model-${modelId}`]);
      expect(engines[2]).toMatchObject({ kind: 'model', name: 'Warm tones' });
    });

    it('colorizes with the default model when no engine is given, keeping the full-resolution luminance', async () => {
      const imageId = await importImage(join(photos, 'cow-bw.jpg'));
      const result = await call('colorize.run', { jobId: 'default-model-job', imageId });
      expect(result).toMatchObject({ engine: `model-${modelId}`, operation: 'colorize', params: { modelId, modelName: 'Warm tones' }, width: 1024, height: 768 });
      const out = await resultPixels(result.id);
      expect(lightnessMismatch(out, await pixels(join(photos, 'cow-bw.jpg')))).toBeLessThan(0.01);
      const lab = rgbToLab(out);
      expect(median(lab.a)).toBeCloseTo(18, 0);
      expect(median(lab.b)).toBeCloseTo(28, 0);
    });

    it('colorizes a version made from another one, by model engine id, and refuses references for a model', async () => {
      const imageId = await importImage(join(photos, 'cow-bw.jpg'));
      const first = await call('colorize.run', { jobId: 'model-job-1', imageId, engine: `model-${modelId}` });
      const second = await call('colorize.run', { jobId: 'model-job-2', imageId, resultId: first.id, engine: `model-${modelId}` });
      expect(second.parentId).toBe(first.id);
      await expect(
        call('colorize.run', { jobId: 'model-refs-job', imageId, engine: `model-${modelId}`, referenceImageIds: [imageId] }),
      ).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
      await expect(call('colorize.run', { jobId: 'missing-model-job', imageId, engine: 'model-999' })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    });

    it('cancels a run through jobs.cancel and stores nothing', async () => {
      const imageId = await importImage(join(photos, 'cow-bw.jpg'));
      const before = readdirSync(join(dataDir, 'results')).length;
      const listed = (await call('results.list', { imageId })).length;
      const run = call('colorize.run', { jobId: 'cancel-job-1', imageId, engine: `model-${modelId}` });
      const code = run.then(
        () => null,
        (err: KintsugiError) => err.code,
      );
      // Cancel as soon as the run is registered (it is, once the request has been validated).
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await call('jobs.cancel', { jobId: 'cancel-job-1' })).cancelled).toBe(true);
      expect(await code).toBe('E_CANCELLED');
      expect(readdirSync(join(dataDir, 'results')).length).toBe(before);
      expect((await call('results.list', { imageId })).length).toBe(listed);
    });
  });
});
