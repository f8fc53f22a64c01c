import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BatchParamsSchema, type BatchJob, type BatchParamsInput, type EventName } from '../../../src-shared/contract/index.js';
import { BAD_FILES, GOOD_FILES, makeImportFolder, tempDir } from '../../images/test-images.js';
import * as repo from '../../library/batch-jobs-repo.js';
import { openDatabase, type Database } from '../../library/db.js';
import { LibraryService } from '../../library/library-service.js';
import { spawnWorker } from '../../workers/spawn-worker.js';
import { allFiles, makeMasksFor, makeReadOnly, settled } from './batch-test-fixtures.js';
import { BatchService, type Emit } from './batch-service.js';

const GOOD = Object.keys(GOOD_FILES);
const BAD = Object.keys(BAD_FILES);

interface Harness {
  db: Database;
  library: LibraryService;
  service: BatchService;
  events: { event: EventName; payload: unknown }[];
  emit: Emit;
}

const open: Harness[] = [];

function harness(dbFile = ':memory:', opts: { spawn?: () => Worker; isProcessAlive?: (pid: number) => boolean } = {}): Harness {
  const db = openDatabase(dbFile);
  const library = new LibraryService({ db, dataDir: tempDir('batch-data') });
  const service = new BatchService({
    db,
    images: library,
    colorizers: { check: () => {}, open: () => Promise.reject(new Error('no colorize jobs in this file')) },
    spawnInpaintWorker: opts.spawn,
    ...(opts.isProcessAlive ? { isProcessAlive: opts.isProcessAlive } : {}),
  });
  const events: Harness['events'] = [];
  const h = { db, library, service, events, emit: ((event, payload) => events.push({ event, payload })) as Emit };
  open.push(h);
  return h;
}

afterEach(async () => {
  for (const h of open.splice(0)) {
    await h.service.close();
    h.db.close();
  }
});

let photos: string;
let masks: string;

beforeAll(async () => {
  photos = await makeImportFolder();
  masks = tempDir('batch-masks');
  await makeMasksFor(masks);
});

function inpaintParams(out: string, over: Partial<{ recursive: boolean; glob: string; namePattern: string; existing: 'skip' | 'overwrite'; format: 'same' | 'png' }> = {}): BatchParamsInput {
  return {
    input: { type: 'folder', folder: photos, recursive: over.recursive ?? true, ...(over.glob ? { glob: over.glob } : {}) },
    output: { folder: out, namePattern: over.namePattern ?? '{name}', existing: over.existing ?? 'skip', format: over.format ?? 'same' },
    operation: { kind: 'inpaint', masksFolder: masks, engine: 'diffusion' },
  };
}

async function createJob(h: Harness, params: BatchParamsInput, resumeMatching = false) {
  return h.service.create({ ...BatchParamsSchema.parse(params), resumeMatching }, h.emit);
}

function statuses(h: Harness, jobId: number): Record<string, string> {
  const items = h.service.items({ jobId, offset: 0, limit: 100 }).items;
  return Object.fromEntries(items.map((i) => [i.relativePath, i.status === 'failed' ? `failed ${i.code}` : i.status]));
}

/** Output files of the fixture's good inputs under the pattern `{name}` and format `same`. */
const OUTPUTS = [...GOOD].sort();

describe('BatchService with the inpainting engines', () => {
  it('works through a nested folder: good files repaired into a mirrored tree, each broken one failed with its reason', async () => {
    const h = harness();
    const out = tempDir('batch-out');
    const { job, resumed } = await createJob(h, inpaintParams(out, { namePattern: '{name}_fixed', format: 'png' }));
    expect(resumed).toBe(false);
    expect(job.counts.total).toBe(GOOD.length + BAD.length);
    const done = await settled(() => h.service.get(job.id));
    expect(done).toMatchObject({ status: 'completed', counts: { done: GOOD.length, failed: BAD.length, skipped: 0, pending: 0, running: 0 } });
    expect(done.finishedAt).not.toBeNull();

    expect(allFiles(out)).toEqual(GOOD.map((rel) => rel.replace(/\.[^.]+$/, '_fixed.png')).sort());
    for (const [rel, [width, height]] of Object.entries(GOOD_FILES)) {
      const meta = await sharp(join(out, rel.replace(/\.[^.]+$/, '_fixed.png'))).metadata();
      expect([meta.width, meta.height, meta.format], rel).toEqual([width, height, 'png']);
    }
    const failed = h.service.items({ jobId: job.id, statuses: ['failed'], offset: 0, limit: 100 }).items;
    expect(Object.fromEntries(failed.map((i) => [i.relativePath, i.code]))).toEqual(BAD_FILES);
    const huge = failed.find((i) => i.relativePath === 'sub/huge.png');
    expect(huge?.reason).toMatch(/huge\.png is 30000×30000 \(900 MP\), over the limit of 268 MP/);
    expect(failed.find((i) => i.relativePath === 'empty.jpg')?.reason).toMatch(/empty/);

    // A lossless input keeps every pixel outside the hole (the fixture is flat, so the hole is refilled alike).
    const [before, after] = await Promise.all([sharp(join(photos, 'a-photo.png')).raw().toBuffer(), sharp(join(out, 'a-photo_fixed.png')).raw().toBuffer()]);
    let outside = 0;
    for (let p = 0; p < 48 * 32; p++) {
      const x = p % 48;
      const y = Math.floor(p / 48);
      const inHole = x >= 16 && x < 32 && y >= 10 && y < 21;
      if (!inHole && [0, 1, 2].some((k) => before[p * 3 + k] !== after[p * 3 + k])) outside++;
    }
    expect(outside).toBe(0);

    const finished = h.events.filter((e) => e.event === 'batch.itemFinished');
    expect(finished).toHaveLength(GOOD.length + BAD.length);
    const lastProgress = h.events.filter((e) => e.event === 'batch.progress').at(-1)?.payload as { status: string; counts: { done: number }; imagesPerMinute: number };
    expect(lastProgress).toMatchObject({ status: 'completed', counts: { done: GOOD.length } });
    expect(lastProgress.imagesPerMinute).toBeGreaterThan(0);
    expect(h.events.filter((e) => e.event === 'batch.changed').map((e) => (e.payload as BatchJob).status)).toContain('completed');

    // The gallery: a finished item's before and after, by item id; a failed one has no after.
    const doneItem = h.service.items({ jobId: job.id, statuses: ['done'], offset: 0, limit: 1 }).items[0]!;
    expect((await h.service.itemMedia('input', doneItem.id)).data.length).toBeGreaterThan(0);
    expect((await h.service.itemMedia('output', doneItem.id)).contentType).toBe('image/png');
    await expect(h.service.itemMedia('output', huge!.id)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    // TIFF and EXIF-rotated inputs are served upright as PNG.
    const tiff = h.service.items({ jobId: job.id, offset: 0, limit: 100 }).items.find((i) => i.relativePath === 'sub/deeper/scan.tiff')!;
    expect((await h.service.itemMedia('input', tiff.id)).contentType).toBe('image/png');

    const log = join(tempDir('batch-log'), 'errors.csv');
    expect(await h.service.exportLog({ jobId: job.id, path: log, format: 'csv', overwrite: false })).toMatchObject({ entries: BAD.length });
    expect(readFileSync(log, 'utf8')).toMatch(/sub\/huge\.png,failed,E_IMAGE_TOO_LARGE,/);
    await expect(h.service.exportLog({ jobId: job.id, path: log, format: 'json', overwrite: false })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
  });

  it('keeps the input format and EXIF with `same`, reads only the top folder unless recursive, and filters by glob', async () => {
    const h = harness();
    const out = tempDir('batch-out');
    const { job } = await createJob(h, inpaintParams(out, { recursive: false, glob: '*.{jpg,png}' }));
    await settled(() => h.service.get(job.id));
    expect(Object.keys(statuses(h, job.id)).sort()).toEqual(['a-photo.png', 'b-photo.jpg', 'café-日本.png', 'empty.jpg', 'notes.png', 'rotated.jpg', 'truncated.jpg']);
    expect(allFiles(out)).toEqual(['a-photo.png', 'b-photo.jpg', 'café-日本.png', 'rotated.jpg']);
    const rotated = await sharp(join(out, 'rotated.jpg')).metadata();
    // Written upright (20×40 as shown), so the orientation tag is gone.
    expect([rotated.format, rotated.width, rotated.height, rotated.orientation ?? 1]).toEqual(['jpeg', 20, 40, 1]);
  });

  it('skips an existing output with `skip`, and replaces it with `overwrite`', async () => {
    const out = tempDir('batch-out');
    writeFileSync(join(out, 'a-photo.png'), 'keep me');
    const h = harness();
    const { job } = await createJob(h, inpaintParams(out, { recursive: false, glob: 'a-photo.png' }));
    await settled(() => h.service.get(job.id));
    const [item] = h.service.items({ jobId: job.id, offset: 0, limit: 10 }).items;
    expect(item).toMatchObject({ status: 'skipped', code: 'output-exists' });
    expect(readFileSync(join(out, 'a-photo.png'), 'utf8')).toBe('keep me');

    const { job: again } = await createJob(h, inpaintParams(out, { recursive: false, glob: 'a-photo.png', existing: 'overwrite' }));
    await settled(() => h.service.get(again.id));
    expect(h.service.get(again.id).counts.done).toBe(1);
    expect((await sharp(join(out, 'a-photo.png')).metadata()).width).toBe(48);
  });

  it('fails, not completes, a job whose every file failed, with the first reason', async () => {
    const h = harness();
    const out = tempDir('batch-out');
    const params = inpaintParams(out, { recursive: false, glob: '*.png' });
    const { job } = await createJob(h, { ...params, operation: { kind: 'inpaint', masksFolder: tempDir('no-masks'), engine: 'diffusion' } });
    const done = await settled(() => h.service.get(job.id));
    expect(done).toMatchObject({ status: 'failed', error: { code: 'E_NOT_FOUND' }, counts: { done: 0, pending: 0 } });
    expect(done.counts.failed).toBe(done.counts.total);
    expect(done.error?.message).toMatch(/^All \d+ files failed, nothing was written\. .+: No mask named /);
    expect(allFiles(out)).toEqual([]);
  });

  it('pauses with a clear E_IO on a read-only output folder, loses nothing, and finishes on resume', async () => {
    const out = tempDir('batch-out');
    const restore = makeReadOnly(out);
    const h = harness();
    let job: BatchJob;
    try {
      ({ job } = await createJob(h, inpaintParams(out, { recursive: false, glob: '*.png' })));
      const paused = await settled(() => h.service.get(job.id));
      expect(paused).toMatchObject({ status: 'paused', pauseReason: 'error', error: { code: 'E_IO' } });
      expect(paused.error?.message).toMatch(new RegExp(`no permission to write in ${out}|read-only|Cannot export to ${out}`));
      expect(paused.counts).toMatchObject({ done: 0, failed: 0, pending: paused.counts.total });
      expect(allFiles(out)).toEqual([]);
    } finally {
      restore();
    }
    const resumed = await h.service.resume(job.id, h.emit);
    expect(resumed.status).toBe('running');
    const done = await settled(() => h.service.get(job.id));
    expect(done).toMatchObject({ status: 'completed', error: null, pauseReason: null, counts: { done: 2, failed: 1 } });
    expect(allFiles(out)).toEqual(['a-photo.png', 'café-日本.png']);
  });

  it('lists a file whose worker was killed mid-run as failed, goes on, and retries it', async () => {
    // One worker serves the job; it is killed as soon as it reports on its second run (the second file).
    let killed = false;
    const killOnSecondRun = () => {
      const worker = spawnWorker('inpaint-worker');
      worker.on('message', (reply: { runId: number }) => {
        if (!killed && reply.runId === 2) {
          killed = true;
          void worker.terminate();
        }
      });
      return worker;
    };
    const h = harness(':memory:', { spawn: killOnSecondRun });
    const out = tempDir('batch-out');
    const { job } = await createJob(h, inpaintParams(out, { recursive: false, glob: '*-photo.*' }));
    const first = await settled(() => h.service.get(job.id));
    expect(first.counts).toMatchObject({ total: 2, done: 1, failed: 1 });
    const [failed] = h.service.items({ jobId: job.id, statuses: ['failed'], offset: 0, limit: 10 }).items;
    expect(failed).toMatchObject({ relativePath: 'b-photo.jpg', code: 'E_INTERNAL', reason: expect.stringMatching(/worker stopped/) });

    await h.service.retryFailed(job.id, h.emit);
    expect((await settled(() => h.service.get(job.id))).counts).toMatchObject({ done: 2, failed: 0 });
    expect(allFiles(out)).toEqual(['a-photo.png', 'b-photo.jpg']);
  });

  it('pauses mid-file (the file goes back to pending), resumes without redoing, and cancels for good', async () => {
    const h = harness();
    const out = tempDir('batch-out');
    const { job } = await createJob(h, inpaintParams(out, { recursive: true }));
    while (h.service.get(job.id).counts.done < 1) await new Promise((r) => setTimeout(r, 10));
    const paused = await h.service.pause(job.id);
    expect(paused).toMatchObject({ status: 'paused', pauseReason: 'user' });
    expect(paused.counts.running).toBe(0);
    expect(paused.counts.pending).toBeGreaterThan(0);
    const doneBefore = h.service.items({ jobId: job.id, statuses: ['done'], offset: 0, limit: 100 }).items;
    expect(allFiles(out).filter((f) => f.includes('.part'))).toEqual([]);

    await h.service.resume(job.id, h.emit);
    await settled(() => h.service.get(job.id));
    const doneAfter = h.service.items({ jobId: job.id, statuses: ['done'], offset: 0, limit: 100 }).items;
    expect(doneAfter).toHaveLength(GOOD.length);
    // Finished files kept their first result: same row, same finish time.
    for (const item of doneBefore) expect(doneAfter.find((i) => i.id === item.id)?.finishedAt).toBe(item.finishedAt);

    const { job: other } = await createJob(h, inpaintParams(tempDir('batch-out')));
    expect((await h.service.cancel(other.id)).status).toBe('cancelled');
    await expect(h.service.resume(other.id, h.emit)).rejects.toMatchObject({ code: 'E_BUSY' });
    await expect(h.service.pause(job.id)).rejects.toMatchObject({ code: 'E_BUSY' });
    expect(h.service.remove(other.id)).toBe(true);
    expect(h.service.list().map((j) => j.id)).toEqual([job.id]);
  });

  it('runs jobs one at a time: a second one waits queued', async () => {
    const h = harness();
    const { job: a } = await createJob(h, inpaintParams(tempDir('batch-out'), { recursive: false, glob: 'a-photo.png' }));
    const { job: b } = await createJob(h, inpaintParams(tempDir('batch-out'), { recursive: false, glob: 'b-photo.jpg' }));
    expect([a.status, b.status]).toEqual(['running', 'queued']);
    expect(() => h.service.remove(b.id)).toThrow(/queued/);
    await settled(() => h.service.get(b.id));
    expect([h.service.get(a.id).status, h.service.get(b.id).status]).toEqual(['completed', 'completed']);
  });

  it('refuses jobs that would overwrite originals or find nothing, before anything is written', async () => {
    const h = harness();
    await expect(createJob(h, inpaintParams(photos))).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(createJob(h, inpaintParams(tempDir('batch-out'), { glob: '*.nothing' }))).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    // Library images written, in their own format, into the folder they are in: the outputs would be the originals.
    const [image] = (await h.library.importPaths([join(photos, 'a-photo.png')])).imported;
    const selection = { type: 'images' as const, imageIds: [image!.id] };
    await expect(createJob(h, { ...inpaintParams(photos), input: selection })).rejects.toMatchObject({
      code: 'E_INVALID_ARGUMENT',
      message: /a-photo\.png would overwrite an input/,
    });
    await expect(
      createJob(h, { ...inpaintParams(tempDir('batch-out')), operation: { kind: 'inpaint', masksFolder: masks, engine: 'nope' } }),
    ).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    await expect(
      createJob(h, { ...inpaintParams(tempDir('batch-out')), operation: { kind: 'inpaint', masksFolder: join(masks, 'missing') } }),
    ).rejects.toMatchObject({ code: 'E_NOT_FOUND', message: /masks folder does not exist/ });
    expect(h.service.list()).toHaveLength(0);
  });

  it('re-running the same parameters resumes the job: new files are added, finished ones are not redone', async () => {
    const input = tempDir('batch-in');
    const out = tempDir('batch-out');
    for (const name of ['one.png', 'two.png']) await sharp(join(photos, 'a-photo.png')).toFile(join(input, name));
    const params: BatchParamsInput = { ...inpaintParams(out), input: { type: 'folder', folder: input } };
    const h = harness();
    const { job } = await createJob(h, params, true);
    await settled(() => h.service.get(job.id));
    const firstRun = h.service.items({ jobId: job.id, offset: 0, limit: 10 }).items;
    expect(firstRun.map((i) => [i.relativePath, i.status, i.code])).toEqual([
      ['one.png', 'failed', 'E_NOT_FOUND'],
      ['two.png', 'failed', 'E_NOT_FOUND'],
    ]);
    // The user adds the missing masks and a new photo, and runs the same command again.
    for (const name of ['one.png', 'two.png', 'three.png']) await sharp(join(masks, 'a-photo.png')).toFile(join(masks, name));
    await sharp(join(photos, 'a-photo.png')).toFile(join(input, 'three.png'));
    const again = await createJob(h, { ...params, input: { type: 'folder', folder: `${input}/.` } }, true);
    expect(again).toMatchObject({ resumed: true, job: { id: job.id } });
    await settled(() => h.service.get(job.id));
    expect(statuses(h, job.id)).toEqual({ 'one.png': 'done', 'two.png': 'done', 'three.png': 'done' });
    expect(h.service.items({ jobId: job.id, offset: 0, limit: 10 }).items.map((i) => i.index)).toEqual([1, 2, 3]);
  });
});

describe('BatchService after a crash', () => {
  /** Run a job to the end, then put rows and files back the way a kill at three different instants leaves them. */
  async function crashedLibrary(): Promise<{ dbFile: string; out: string; jobId: number; partial: string; unrenamed: string }> {
    const dbFile = join(tempDir('batch-db'), 'library.sqlite');
    const out = tempDir('batch-out');
    const h = harness(dbFile);
    const { job } = await createJob(h, inpaintParams(out, { recursive: true }));
    await settled(() => h.service.get(job.id));
    const items = repo.listItems(h.db, { jobId: job.id, statuses: ['done'], offset: 0, limit: 100 }).items;
    const [killedWhileWriting, killedBeforeRename, killedBeforeClearing] = items;
    // 1. Killed while its result was being written: a half temp file, the row says running.
    const partial = join(out, `.${killedWhileWriting!.relativePath.split('/').pop()}.x.part`);
    renameSync(killedWhileWriting!.outputPath, partial);
    writeFileSync(partial, readFileSync(partial).subarray(0, 10));
    repo.resetItem(h.db, killedWhileWriting!.id);
    repo.markItemRunning(h.db, killedWhileWriting!.id, partial);
    // 2. Killed after the commit that marked it done, before the rename: the complete temp file is all there is.
    const unrenamed = join(out, '.unrenamed.part');
    renameSync(killedBeforeRename!.outputPath, unrenamed);
    h.db.prepare('UPDATE job_items SET temp_path = ? WHERE id = ?').run(unrenamed, killedBeforeRename!.id);
    // 3. Killed after the rename, before the temp name was cleared.
    h.db.prepare('UPDATE job_items SET temp_path = ? WHERE id = ?').run(join(out, '.gone.part'), killedBeforeClearing!.id);
    // The last three files never started: no output, pending.
    for (const item of items.slice(-3)) {
      repo.resetItem(h.db, item.id);
      rmSync(item.outputPath);
    }
    repo.setJobState(h.db, job.id, { status: 'running', pauseReason: null, error: null, ownerPid: process.pid });
    open.splice(open.indexOf(h), 1);
    h.db.close(); // no service.close(): the process "died"
    return { dbFile, out, jobId: job.id, partial, unrenamed };
  }

  it('offers the job for resume, settles the interrupted files, and ends with exactly one output per good input', async () => {
    const { dbFile, out, jobId, partial, unrenamed } = await crashedLibrary();
    const h = harness(dbFile);
    await h.service.recover();
    const job = h.service.get(jobId);
    expect(job).toMatchObject({ status: 'paused', pauseReason: 'interrupted' });
    expect(existsSync(partial)).toBe(false);
    expect(existsSync(unrenamed)).toBe(false);
    expect(job.counts).toMatchObject({ running: 0, pending: 4, done: GOOD.length - 4, failed: BAD.length });
    expect(h.db.prepare('SELECT count(*) FROM job_items WHERE temp_path IS NOT NULL').pluck().get()).toBe(0);

    await h.service.resume(jobId, h.emit);
    const done = await settled(() => h.service.get(jobId));
    expect(done.counts).toMatchObject({ done: GOOD.length, skipped: 0, failed: BAD.length, pending: 0 });
    expect(allFiles(out)).toEqual(OUTPUTS);
    const failed = h.service.items({ jobId, statuses: ['failed'], offset: 0, limit: 100 }).items;
    expect(failed.map((i) => i.relativePath).sort()).toEqual([...BAD].sort());
  });

  it('leaves a job alone that another live Kintsugi process runs', async () => {
    const { dbFile, jobId } = await crashedLibrary();
    const db = openDatabase(dbFile);
    repo.setJobState(db, jobId, { status: 'running', pauseReason: null, error: null, ownerPid: 999_999 });
    db.close();
    const h = harness(dbFile, { isProcessAlive: (pid) => pid === 999_999 });
    await h.service.recover();
    expect(h.service.get(jobId).status).toBe('running');
    await expect(h.service.resume(jobId, h.emit)).rejects.toMatchObject({ code: 'E_BUSY', message: /another Kintsugi process/ });
    expect(() => h.service.remove(jobId)).toThrow(/running/);
  });
});

describe('BatchService.close', () => {
  /** Create a job whose events also go to `onEvent` (the CLI closes the app in the event that says its job ended). */
  async function createWatched(h: Harness, params: BatchParamsInput, onEvent: (job: BatchJob) => void) {
    const emit: Emit = (event, payload) => {
      h.emit(event, payload);
      if (event === 'batch.changed') onEvent(payload as BatchJob);
    };
    return h.service.create({ ...BatchParamsSchema.parse(params), resumeMatching: false }, emit);
  }

  async function closeWhen(h: Harness, params: BatchParamsInput, status: BatchJob['status']): Promise<{ job: BatchJob; paused: number[] }> {
    let closing: Promise<number[]> | undefined;
    const { job } = await createWatched(h, params, (changed) => {
      if (changed.status === status) closing ??= h.service.close();
    });
    while (!closing) await new Promise((r) => setTimeout(r, 10));
    return { job, paused: await closing };
  }

  it('keeps a job that has just completed as completed, not "paused / interrupted"', async () => {
    const h = harness();
    const { job, paused } = await closeWhen(h, inpaintParams(tempDir('batch-out'), { recursive: false, glob: 'a-photo.png' }), 'completed');
    expect(paused).toEqual([]);
    expect(h.service.get(job.id)).toMatchObject({ status: 'completed', pauseReason: null, error: null });
  });

  it('keeps a job paused on an unwritable output folder with its E_IO reason', async () => {
    const out = tempDir('batch-out');
    const restore = makeReadOnly(out);
    const h = harness();
    try {
      const { job, paused } = await closeWhen(h, inpaintParams(out, { recursive: false, glob: '*.png' }), 'paused');
      expect(paused).toEqual([]);
      expect(h.service.get(job.id)).toMatchObject({ status: 'paused', pauseReason: 'error', error: { code: 'E_IO' } });
    } finally {
      restore();
    }
  });

  it('stops a running job, waits until it lets go of the library, and leaves it paused as interrupted', async () => {
    const h = harness();
    const { job } = await createJob(h, inpaintParams(tempDir('batch-out'), { recursive: true }));
    while (h.service.get(job.id).counts.done < 1) await new Promise((r) => setTimeout(r, 10));
    expect(await h.service.close()).toEqual([job.id]);
    expect(h.service.get(job.id)).toMatchObject({ status: 'paused', pauseReason: 'interrupted' });
    const eventsAtClose = h.events.length;
    // Nothing of the job runs on: closing the database now must not make a late write throw (an unhandled error fails the run).
    h.db.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(h.events.length).toBe(eventsAtClose);
    open.splice(open.indexOf(h), 1);
  });
});
