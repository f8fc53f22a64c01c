import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelName, EventName, RequestOf, ResponseOf, Result } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { createApp, type App } from '../app/create-app.js';
import { OpenFileAccess } from '../app/open-file-access.js';
import { encodeMaskPng } from '../images/mask-codec.js';
import { tempDir } from '../images/test-images.js';
import { openDatabase } from '../library/db.js';
import { LibraryService } from '../library/library-service.js';
import { JobRegistry } from '../jobs/job-registry.js';
import { MasksService } from '../masks/masks-service.js';
import type { CallContext } from '../router/types.js';
import { InpaintService } from './inpaint-service.js';
import { ResultsService } from './results-service.js';

interface Upright {
  width: number;
  height: number;
  data: Buffer;
}

async function upright(input: Buffer | string): Promise<Upright> {
  const { data, info } = await sharp(input).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

/** Hole rectangle [x0,x1)×[y0,y1) in a width×height mask. */
function rect(width: number, height: number, x0: number, y0: number, x1: number, y1: number): Uint8Array {
  const mask = new Uint8Array(width * height);
  for (let y = y0; y < y1; y++) mask.fill(255, y * width + x0, y * width + x1);
  return mask;
}

/** Pixels outside the mask that differ, and the summed difference inside it. */
function compare(a: Upright, b: Upright, mask: Uint8Array): { outsideDiffs: number; insideDiff: number } {
  let outsideDiffs = 0;
  let insideDiff = 0;
  for (let p = 0; p < mask.length; p++) {
    let d = 0;
    for (let k = 0; k < 3; k++) d += Math.abs((a.data[p * 3 + k] as number) - (b.data[p * 3 + k] as number));
    if (mask[p] !== 0) insideDiff += d;
    else if (d !== 0) outsideDiffs++;
  }
  return { outsideDiffs, insideDiff };
}

describe('inpainting through the app (real worker, real SQLite, real sharp)', () => {
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

  async function importImage(name: string): Promise<number> {
    const summary = await call('library.import', { paths: [join(photos, name)] });
    return summary.imported[0]?.id ?? summary.duplicates[0]!.existingId;
  }

  async function saveMask(imageId: number, mask: Uint8Array, width: number, height: number): Promise<void> {
    await call('masks.save', { imageId, png: new Uint8Array(await encodeMaskPng(mask, { width, height })) });
  }

  const resultFiles = () => readdirSync(join(dataDir, 'results'));

  beforeAll(async () => {
    dataDir = tempDir('inpaint');
    photos = tempDir('inpaint-photos');
    app = await createApp({ dataDir, host: 'cli' });
    const noise = { type: 'gaussian', mean: 128, sigma: 40 } as const;
    // Stored 64×40 landscape with EXIF orientation 6: shown (and repaired) as 40×64 portrait.
    await sharp({ create: { width: 64, height: 40, channels: 3, background: '#000', noise } })
      .jpeg({ quality: 90 })
      .withMetadata({ orientation: 6 })
      .toFile(join(photos, 'rotated.jpg'));
    await sharp({ create: { width: 320, height: 240, channels: 3, background: '#000', noise } }).png().toFile(join(photos, 'big.png'));
    await sharp({ create: { width: 16, height: 16, channels: 3, background: '#468' } }).png().toFile(join(photos, 'plain.png'));
  });

  afterAll(() => app.close());

  it('lists the embedded engines, PatchMatch first', async () => {
    const engines = await call('inpaint.engines', {});
    expect(engines.map((e) => e.id)).toEqual(['patchmatch', 'diffusion']);
    expect(engines[0]).toMatchObject({ kind: 'embedded', modes: expect.arrayContaining(['fill']) });
  });

  it('refuses an image without a mask with a clear error', async () => {
    const imageId = await importImage('plain.png');
    await expect(call('inpaint.run', { jobId: 'no-mask-job', imageId })).rejects.toMatchObject({
      code: 'E_INVALID_ARGUMENT',
      message: 'This image has no mask: paint one first',
    });
  });

  describe('on an EXIF-rotated JPEG', () => {
    let imageId: number;
    let first: Result;
    const mask = rect(40, 64, 10, 20, 26, 34);

    beforeAll(async () => {
      imageId = await importImage('rotated.jpg');
      await saveMask(imageId, mask, 40, 64);
    });

    it('makes a pending result of the displayed size that differs from the original only inside the mask', async () => {
      events.length = 0;
      first = await call('inpaint.run', { jobId: 'rotated-job-1', imageId, engine: 'diffusion', seed: 7 });
      expect(first).toMatchObject({
        imageId,
        parentId: null,
        operation: 'inpaint',
        engine: 'diffusion',
        params: { mode: 'fill', seed: 7 },
        status: 'pending',
        width: 40,
        height: 64,
      });
      expect(resultFiles()).toEqual([`${first.id}.png`]);
      const progress = events.filter((e) => e.event === 'job.progress').map((e) => e.payload as { jobId: string; fraction: number; stage: string });
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.every((p) => p.jobId === 'rotated-job-1')).toBe(true);
      expect(progress.at(-1)?.fraction).toBe(1);
      // The steps around the engine are reported too, first and last: a big photo is never stuck on "starting".
      expect(progress[0]?.stage).toBe('reading the image');
      expect(progress.at(-1)?.stage).toBe('saving the result');

      const media = await app.media('result', first.id);
      expect(media.contentType).toBe('image/png');
      const result = await upright(media.data);
      const original = await upright(join(photos, 'rotated.jpg'));
      expect([result.width, result.height]).toEqual([original.width, original.height]);
      const { outsideDiffs, insideDiff } = compare(result, original, mask);
      expect(outsideDiffs).toBe(0);
      expect(insideDiff).toBeGreaterThan(0);
    });

    it('repairs a version again, recording it as the parent, and lists the history oldest first', async () => {
      const second = await call('inpaint.run', { jobId: 'rotated-job-2', imageId, resultId: first.id, engine: 'patchmatch' });
      expect(second).toMatchObject({ parentId: first.id, engine: 'patchmatch', status: 'pending', width: 40, height: 64 });
      const versions = await call('results.list', { imageId });
      expect(versions.map((v) => [v.id, v.parentId])).toEqual([
        [first.id, null],
        [second.id, first.id],
      ]);
      const parent = await upright((await app.media('result', first.id)).data);
      const child = await upright((await app.media('result', second.id)).data);
      expect(compare(child, parent, mask).outsideDiffs).toBe(0);

      // A version is repaired only as a version of its own image.
      const otherImage = await importImage('big.png');
      await expect(call('inpaint.run', { jobId: 'wrong-image', imageId: otherImage, resultId: first.id })).rejects.toMatchObject({
        code: 'E_INVALID_ARGUMENT',
      });
    });

    it('discards pending results (file and row), keeps accepted ones, and refuses to orphan a version', async () => {
      const [parent, child] = await call('results.list', { imageId });
      await expect(call('results.discard', { id: parent!.id })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT', message: expect.stringMatching(/made from it/) });
      expect(await call('results.discard', { id: child!.id })).toEqual({ discarded: true });
      expect(resultFiles()).not.toContain(`${child!.id}.png`);
      await expect(app.media('result', child!.id)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
      expect(await call('results.discard', { id: child!.id })).toEqual({ discarded: false });

      expect(await call('results.accept', { id: parent!.id })).toMatchObject({ id: parent!.id, status: 'accepted' });
      await expect(call('results.discard', { id: parent!.id })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
      expect(resultFiles()).toContain(`${parent!.id}.png`);
      await expect(call('results.accept', { id: 99999 })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    });
  });

  it('cancels a running job: E_CANCELLED, and no result row or file', async () => {
    const imageId = await importImage('big.png');
    await saveMask(imageId, rect(320, 240, 60, 50, 260, 190), 320, 240);
    const before = { rows: (await call('results.list', { imageId })).length, files: resultFiles() };
    let cancel: Promise<ResponseOf<'jobs.cancel'>> | undefined;
    const cancellingCtx: CallContext = {
      ...ctx,
      emit: (event, payload) => {
        if (event === 'job.progress' && !cancel) cancel = call('jobs.cancel', { jobId: 'cancel-me-job' });
        void payload;
      },
    };
    const run = app.router.invoke('inpaint.run', { jobId: 'cancel-me-job', imageId, engine: 'patchmatch' }, cancellingCtx);
    // The same id cannot start twice while it runs.
    await expect(call('inpaint.run', { jobId: 'cancel-me-job', imageId })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    expect(await run).toMatchObject({ ok: false, error: { code: 'E_CANCELLED' } });
    expect(await cancel).toEqual({ cancelled: true });
    expect(await call('jobs.cancel', { jobId: 'cancel-me-job' })).toEqual({ cancelled: false });
    expect((await call('results.list', { imageId })).length).toBe(before.rows);
    expect(resultFiles()).toEqual(before.files);
  });

  it('turns a worker crash into E_INTERNAL with the reason, and keeps working', async () => {
    const db = openDatabase(join(dataDir, 'library.sqlite'));
    const library = new LibraryService({ db, dataDir });
    const masks = new MasksService({ db, images: library });
    const results = new ResultsService({ db, dataDir, images: library });
    const crashing = new InpaintService({
      masks,
      results,
      jobs: new JobRegistry(),
      spawnWorker: () => new Worker(`require('node:worker_threads').parentPort.on('message', () => { throw new Error('out of cheese'); });`, { eval: true }),
    });
    const imageId = await importImage('big.png');
    await saveMask(imageId, rect(320, 240, 10, 10, 30, 30), 320, 240);
    const before = resultFiles();
    await expect(crashing.run({ jobId: 'crash-job-1', imageId, engine: 'diffusion', mode: 'fill', seed: 1 })).rejects.toMatchObject({
      code: 'E_INTERNAL',
      message: expect.stringContaining('out of cheese'),
    });
    expect(resultFiles()).toEqual(before);
    const healthy = new InpaintService({ masks, results, jobs: new JobRegistry() });
    const result = await healthy.run({ jobId: 'after-crash', imageId, engine: 'diffusion', mode: 'fill', seed: 1 });
    expect(result).toMatchObject({ imageId, width: 320, height: 240, status: 'pending' });
    db.close();
  });

  it('deletes the version files of a removed image, and leftovers of a crash, but not a store in progress', async () => {
    const imageId = await importImage('plain.png');
    await saveMask(imageId, rect(16, 16, 4, 4, 10, 10), 16, 16);
    const kept = await call('inpaint.run', { jobId: 'sweep-job-1', imageId, engine: 'diffusion' });
    await call('results.accept', { id: kept.id });
    expect(resultFiles()).toContain(`${kept.id}.png`);
    const fresh = join(dataDir, 'results', '.in-progress.png.part');
    const stale = join(dataDir, 'results', '.crashed.png.part');
    writeFileSync(fresh, 'x');
    writeFileSync(stale, 'x');
    const hourAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(stale, hourAgo, hourAgo);

    expect(await call('library.remove', { id: imageId })).toEqual({ removed: true });
    expect(resultFiles()).not.toContain(`${kept.id}.png`);
    expect(resultFiles()).not.toContain('.crashed.png.part');
    expect(resultFiles()).toContain('.in-progress.png.part');
    // Versions of other images are untouched.
    const others = (await call('library.list', {})).items.flatMap((i) => i.id);
    for (const id of others) for (const r of await call('results.list', { imageId: id })) expect(resultFiles()).toContain(`${r.id}.png`);
  });
});
