import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChannelName, EventName, GeneratedImage, ImportSummary, RequestOf } from '../../src-shared/contract/index.js';
import { mediaPath, parseMediaPath } from '../../src-shared/contract/media.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { createApp, type App } from '../app/create-app.js';
import { GrantedFileAccess } from '../app/granted-file-access.js';
import { tempDir } from '../images/test-images.js';
import { writeTinyColorizer } from '../models/test-models.js';
import type { CallContext } from '../router/types.js';
import { GENERATED_FOLDER } from './generated-store.js';
import { TINY_GAN_SIZE, writeTinyGan } from './test-gan-models.js';

describe('generation through the app: samples, interpolation, saving to the library', () => {
  let app: App;
  let dataDir: string;
  let ganId: number;
  let colorizerId: number;
  const events: EventName[] = [];
  const progress: { jobId: string; fraction: number }[] = [];
  const ctx: CallContext = {
    emit: (event, payload) => {
      events.push(event);
      if (event === 'job.progress') progress.push(payload as { jobId: string; fraction: number });
    },
    files: new GrantedFileAccess(),
  };
  let jobs = 0;
  const jobId = () => `generate-test-${++jobs}`;

  async function invoke<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<unknown> {
    const result = await app.router.invoke(channel, request, ctx);
    if (!result.ok) throw KintsugiError.fromData(result.error);
    return result.value;
  }

  /** The decoded pixels of a generated image, fetched by its media path as the renderer would. */
  async function pixels(image: GeneratedImage): Promise<Buffer> {
    const target = parseMediaPath(mediaPath('generated', image.id));
    expect(target).toEqual({ kind: 'generated', id: image.id });
    const media = await app.media('generated', target?.id as number);
    expect(media.contentType).toBe('image/png');
    return sharp(media.data).raw().toBuffer();
  }

  beforeAll(async () => {
    dataDir = tempDir('generate');
    // A leftover of an ended process: swept at start.
    const stale = join(dataDir, GENERATED_FOLDER, '999999999-gone');
    mkdirSync(stale, { recursive: true });
    writeFileSync(join(stale, '1.png'), 'old');
    app = await createApp({ dataDir, host: 'cli' });
    expect(existsSync(stale)).toBe(false);
    await app.runtime.report();
    ganId = (await app.models.register(await writeTinyGan(join(tempDir('gan'), 'model')), { source: 'trained', runId: null, move: true })).id;
    colorizerId = (await app.models.register(await writeTinyColorizer(join(tempDir('colorizer'), 'model')), { source: 'trained', runId: null, move: true })).id;
  }, 60_000);

  afterAll(() => app.close());

  it('gives the same images for the same seed, other images for another seed, whatever the count', async () => {
    const first = (await invoke('generate.sample', { jobId: jobId(), modelId: ganId, count: 3, seed: 42 })) as GeneratedImage[];
    expect(first.map((g) => [g.seed, g.index, g.width, g.height, g.t])).toEqual([0, 1, 2].map((i) => [42, i, TINY_GAN_SIZE, TINY_GAN_SIZE, null]));
    expect(first.map((g) => g.name)).toEqual(['generated-seed42-00.png', 'generated-seed42-01.png', 'generated-seed42-02.png']);
    const again = (await invoke('generate.sample', { jobId: jobId(), modelId: ganId, count: 1, seed: 42 })) as GeneratedImage[];
    const other = (await invoke('generate.sample', { jobId: jobId(), modelId: ganId, count: 1, seed: 43 })) as GeneratedImage[];
    expect(new Set([...first, ...again, ...other].map((g) => g.id)).size).toBe(5);
    const [a0, a1, again0, other0] = await Promise.all([first[0], first[1], again[0], other[0]].map((g) => pixels(g as GeneratedImage)));
    expect(again0?.equals(a0 as Buffer)).toBe(true);
    expect(other0?.equals(a0 as Buffer)).toBe(false);
    expect(a1?.equals(a0 as Buffer)).toBe(false);
  });

  it('reports progress as job.progress events of its job, and stops with E_CANCELLED when its job is cancelled', async () => {
    progress.length = 0;
    const id = jobId();
    await invoke('generate.sample', { jobId: id, modelId: ganId, count: 20, seed: 9 });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.every((p) => p.jobId === id)).toBe(true);
    expect(progress.at(-1)?.fraction).toBe(1);

    const cancelled = jobId();
    const run = invoke('generate.sample', { jobId: cancelled, modelId: ganId, count: 64, seed: 10 });
    // The job is registered as soon as the call starts, well before its worker has generated anything.
    while (!((await invoke('jobs.cancel', { jobId: cancelled })) as { cancelled: boolean }).cancelled) await new Promise((r) => setTimeout(r, 1));
    await expect(run).rejects.toMatchObject({ code: 'E_CANCELLED' });
    // The worker is fine afterwards.
    expect(await invoke('generate.sample', { jobId: jobId(), modelId: ganId, count: 1, seed: 10 })).toHaveLength(1);
  });

  it('interpolates from one sample to another: the first and last frames are those samples', async () => {
    const [, , pickB] = (await invoke('generate.sample', { jobId: jobId(), modelId: ganId, count: 3, seed: 5 })) as GeneratedImage[];
    const [pickA] = (await invoke('generate.sample', { jobId: jobId(), modelId: ganId, count: 1, seed: 4 })) as GeneratedImage[];
    const frames = (await invoke('generate.interpolate', { jobId: jobId(), modelId: ganId, seedA: 4, seedB: 5, indexB: 2, frames: 5 })) as GeneratedImage[];
    expect(frames.map((f) => f.t)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const strip = await Promise.all(frames.map(pixels));
    expect(strip[0]?.equals(await pixels(pickA as GeneratedImage))).toBe(true);
    expect(strip[4]?.equals(await pixels(pickB as GeneratedImage))).toBe(true);
    // The frames in between are new images, not copies of the ends.
    expect(strip[2]?.equals(strip[0] as Buffer)).toBe(false);
    expect(strip[2]?.equals(strip[4] as Buffer)).toBe(false);
  });

  it('saves picks to the library as PNG files in the data folder, announcing them', async () => {
    const picks = (await invoke('generate.sample', { jobId: jobId(), modelId: ganId, count: 2, seed: 77 })) as GeneratedImage[];
    const before = app.library.list({ offset: 0, limit: 100 }).total;
    events.length = 0;
    const summary = (await invoke('generate.save', { ids: picks.map((p) => p.id) })) as ImportSummary;
    expect(summary.failed).toEqual([]);
    expect(summary.imported.map((i) => [i.name, i.width, i.format])).toEqual([
      ['generated-seed77-00.png', TINY_GAN_SIZE, 'png'],
      ['generated-seed77-01.png', TINY_GAN_SIZE, 'png'],
    ]);
    expect(events).toEqual(['library.changed']);
    expect(app.library.list({ offset: 0, limit: 100 }).total).toBe(before + 2);
    const record = app.library.get(summary.imported[0]?.id as number);
    expect(record.path.startsWith(join(dataDir, 'uploads'))).toBe(true);
    expect((await sharp(record.path).raw().toBuffer()).equals(await pixels(picks[0] as GeneratedImage))).toBe(true);
    // Saving the same image again adds nothing.
    const twice = (await invoke('generate.save', { ids: [picks[0]?.id as number] })) as ImportSummary;
    expect(twice.imported).toEqual([]);
    expect(twice.duplicates).toHaveLength(1);
  });

  it('refuses a model that is not a GAN, and bad requests, with typed errors', async () => {
    await expect(invoke('generate.sample', { jobId: jobId(), modelId: colorizerId, count: 1, seed: 1 })).rejects.toMatchObject({
      code: 'E_BAD_MODEL',
      message: expect.stringMatching(/is a colorize model; only a GAN model/),
    });
    await expect(invoke('generate.interpolate', { jobId: jobId(), modelId: colorizerId, seedA: 1, seedB: 2, frames: 3 })).rejects.toMatchObject({ code: 'E_BAD_MODEL' });
    await expect(invoke('generate.sample', { jobId: jobId(), modelId: 9999, count: 1, seed: 1 })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    for (const bad of [{ modelId: ganId, count: 0, seed: 1 }, { modelId: ganId, count: 65, seed: 1 }, { modelId: ganId, count: 2, seed: -1 }, { modelId: ganId, count: 2, seed: 1.5 }]) {
      await expect(invoke('generate.sample', { jobId: jobId(), ...bad })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    }
    // Without a job id a run could not be cancelled: refused.
    await expect(invoke('generate.sample', { modelId: ganId, count: 1, seed: 1 } as RequestOf<'generate.sample'>)).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(invoke('generate.interpolate', { jobId: jobId(), modelId: ganId, seedA: 1, seedB: 2, frames: 1 })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(invoke('generate.interpolate', { jobId: jobId(), modelId: ganId, seedA: 1, seedB: 2, frames: 33 })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(invoke('generate.save', { ids: [] })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(invoke('generate.save', { ids: [123456] })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    await expect(app.media('generated', 123456)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('releases the generator of a deleted model', async () => {
    const id = (await app.models.register(await writeTinyGan(join(tempDir('gan2'), 'model'), 2), { source: 'trained', runId: null, move: true })).id;
    await invoke('generate.sample', { jobId: jobId(), modelId: id, count: 1, seed: 1 });
    const release = vi.spyOn(app.generate, 'release');
    expect(await invoke('models.remove', { id })).toEqual({ removed: true });
    expect(release).toHaveBeenCalledWith(id);
    await expect(release.mock.results[0]?.value).resolves.toBeUndefined();
    await expect(invoke('generate.sample', { jobId: jobId(), modelId: id, count: 1, seed: 1 })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('keeps its temporary images in its own folder and deletes them at close', async () => {
    const [own, ...others] = readdirSync(join(dataDir, GENERATED_FOLDER)).map((name) => join(dataDir, GENERATED_FOLDER, name));
    expect(others).toEqual([]);
    expect(readdirSync(own as string).length).toBeGreaterThan(0);
    const other = await createApp({ dataDir, host: 'cli' });
    // Another process sharing the data folder (the CLI beside the app) leaves this process's images alone.
    other.close();
    expect(existsSync(own as string)).toBe(true);
    await app.generate.close();
    expect(existsSync(own as string)).toBe(false);
  });
});
