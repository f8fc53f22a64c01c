import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TrainingConfigSchema, type EventName, type TrainingConfigInput } from '../../src-shared/contract/index.js';
import type { TrainingReply, TrainingRequest, TrainingStart } from '../../src-shared/workers/training-messages.js';
import { solid, tempDir } from '../images/test-images.js';
import { openDatabase, type Database } from '../library/db.js';
import { insertModel } from '../library/models-repo.js';
import { insertRun } from '../library/training-runs-repo.js';
import { ModelsService } from '../models/models-service.js';
import { writeTinyColorizer } from '../models/test-models.js';
import type { TrainingProcess } from './training-process-link.js';
import { TrainingService, type Emit } from './training-service.js';

/** What the fake training process does with each request. */
interface Script {
  /** Steps reported after `ready`, from the checkpoint on. */
  steps: number;
  /** Step of the checkpoint a fresh process resumes from (what its previous life wrote). */
  checkpoint: number;
  /** Answer pause/stop at all (false: hang, so the service must kill it). */
  answers: boolean;
  /** Crash right after the steps: print this and die by SIGKILL. */
  crash: string | null;
}

/** A stand-in for the training child process that speaks the message protocol from a script. */
class FakeProcess extends EventEmitter implements TrainingProcess {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly sent: TrainingRequest[] = [];
  step = 0;
  start: TrainingStart | null = null;
  /** Requests are handled one after the other, as a real process does between its steps. */
  #busy: Promise<void> = Promise.resolve();

  constructor(private readonly script: Script) {
    super();
  }

  send(message: TrainingRequest, callback?: (error: Error | null) => void): boolean {
    this.sent.push(message);
    callback?.(null);
    this.#busy = this.#busy.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(() => this.#handle(message));
    return true;
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    setImmediate(() => this.exit(null, signal));
    return true;
  }

  reply(message: TrainingReply): void {
    this.emit('message', message);
  }

  exit(code: number | null, signal: NodeJS.Signals | null): void {
    this.stdout.end();
    this.stderr.end();
    setImmediate(() => this.emit('close', code, signal));
  }

  async #handle(message: TrainingRequest): Promise<void> {
    if (message.type === 'start') {
      this.start = message;
      this.step = this.script.checkpoint;
      this.reply({ type: 'ready', backend: { active: 'cpu', preference: 'auto', attempts: [], tfjsVersion: '4' }, startStep: this.step, totalSteps: message.config.steps });
      for (let i = 0; i < this.script.steps; i++) {
        this.step++;
        // A GAN has no L1 term: its process reports null there.
        const gL1 = message.config.kind === 'gan' ? null : 1 / this.step;
        this.reply({ type: 'step', losses: { step: this.step, gAdv: 1, gL1, d: 0.7, stepsPerSecond: 4 }, totalSteps: message.config.steps });
      }
      if (message.config.kind === 'inpaint') this.reply({ type: 'baseline', baseline: { engine: 'patchmatch', psnr: 18.5, ssim: 0.8, l1: 0.15 } });
      this.reply({ type: 'validation', point: { step: this.step, psnr: 20 + this.step, ssim: 0.5, l1: 0.2 } });
      const preview = join(message.runDir, 'previews', `step-${this.step}.png`);
      mkdirSync(join(message.runDir, 'previews'), { recursive: true });
      await solid(12, 8, '#a52').png().toFile(preview);
      this.reply({ type: 'preview', step: this.step, file: preview });
      this.reply({ type: 'checkpoint', step: this.step });
      if (this.script.crash !== null) {
        this.stderr.write(this.script.crash);
        this.exit(null, 'SIGKILL');
      } else if (this.step >= message.config.steps) {
        await this.#end('completed');
      }
      return;
    }
    if (!this.script.answers) return;
    await this.#end(message.type === 'pause' ? 'paused' : 'stopped');
  }

  async #end(reason: 'completed' | 'paused' | 'stopped'): Promise<void> {
    const start = this.start as TrainingStart;
    this.reply({ type: 'checkpoint', step: this.step });
    let modelDir: string | null = null;
    if (reason !== 'paused') {
      modelDir = await writeTinyColorizer(join(start.runDir, `model-${this.step}`), { name: start.modelName });
    }
    this.reply({ type: 'ended', reason, step: this.step, modelDir });
    this.exit(0, null);
  }
}

interface Event {
  event: EventName;
  payload: unknown;
}

describe('TrainingService (with a scripted training process)', () => {
  let photos: string;
  let dataDir: string;
  let db: Database;
  let models: ModelsService;
  let processes: FakeProcess[];
  let script: Script;
  let events: Event[];
  let training: TrainingService;
  const emit: Emit = (event, payload) => events.push({ event, payload });
  const ofKind = (name: EventName) => events.filter((e) => e.event === name).map((e) => e.payload);
  const config = (overrides: Partial<TrainingConfigInput> = {}) => TrainingConfigSchema.parse({ kind: 'colorize', dataFolder: photos, steps: 10, ...overrides });

  function service(opts: { endTimeoutMs?: number; isAlive?: (pid: number) => boolean } = {}): TrainingService {
    return new TrainingService({
      db,
      dataDir,
      models,
      appVersion: '9.9.9',
      fork: () => {
        const child = new FakeProcess({ ...script });
        processes.push(child);
        return child;
      },
      ...opts,
    });
  }

  beforeAll(async () => {
    photos = tempDir('photos');
    mkdirSync(join(photos, 'album'));
    for (const [i, colour] of ['#a33', '#3a3', '#33a', '#aa3', '#3aa'].entries()) await solid(80, 72, colour).png().toFile(join(photos, 'album', `p${i}.png`));
    writeFileSync(join(photos, 'broken.jpg'), 'no');
  });

  beforeEach(async () => {
    await tf.setBackend('cpu');
    dataDir = tempDir('data');
    db = openDatabase(join(dataDir, 'library.sqlite'));
    models = new ModelsService({ db, dataDir, ready: () => tf.ready() });
    processes = [];
    script = { steps: 5, checkpoint: 0, answers: true, crash: null };
    events = [];
    training = service();
  });

  it('refuses a base model of another kind, a missing folder and a folder without photos', async () => {
    const inpaint = insertModel(
      db,
      { name: 'Inpainter', kind: 'inpaint', arch: 'x', inputSize: 64, source: 'imported', bytes: 1, parameters: 1, metrics: {}, provenance: null, runId: null },
      'models/x',
    );
    await expect(training.start({ config: config({ baseModelId: inpaint.id }) }, emit)).rejects.toMatchObject({ code: 'E_BAD_MODEL', message: /inpaint model/ });
    await expect(training.start({ config: config({ baseModelId: 999 }) }, emit)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    await expect(training.start({ config: config({ dataFolder: join(photos, 'nope') }) }, emit)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    const empty = tempDir('empty');
    writeFileSync(join(empty, 'tiny.png'), await solid(10, 10, '#000').png().toBuffer());
    await expect(training.start({ config: config({ dataFolder: empty }) }, emit)).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT', message: /No usable photos.*too small/ });
    expect(training.list()).toEqual([]);
    expect(processes).toHaveLength(0);
  });

  it('scans, starts a process with the fixed split, and records losses, validation, preview and checkpoint', async () => {
    const scan = await training.scan(photos, 0.2, 1);
    expect(scan).toMatchObject({ usable: 5, skipped: [expect.objectContaining({ code: 'E_BAD_IMAGE' })] });
    const run = await training.start({ name: 'Holiday colours', config: config({ validationSplit: 0.2 }) }, emit);
    expect(run).toMatchObject({ name: 'Holiday colours', status: 'running', totalSteps: 10, dataset: { usable: 5, skippedCount: 1 } });
    const child = processes[0] as FakeProcess;
    const start = child.sent[0] as TrainingStart;
    expect(start).toMatchObject({ type: 'start', runDir: join(dataDir, 'training', 'runs', String(run.id)), baseModelDir: null, modelName: 'Holiday colours', appVersion: '9.9.9' });
    expect(start.train.length + start.validation.length).toBe(5);
    expect(start.validation.length).toBeGreaterThanOrEqual(1);
    expect([...start.train, ...start.validation].every((p) => p.startsWith(join(photos, 'album')))).toBe(true);

    const paused = await training.pause(run.id);
    expect(paused).toMatchObject({ status: 'paused', step: 5, checkpointStep: 5, backend: 'cpu', previewStep: 5, error: null });
    expect(paused.lastLosses).toMatchObject({ step: 5, gL1: 0.2 });
    expect(paused.lastValidation).toMatchObject({ step: 5, psnr: 25 });
    expect(paused.baseline).toBeNull();
    expect(training.metrics(run.id).losses.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    // Five steps in one burst: the first and none of the rest within the throttle window.
    expect(ofKind('training.progress')).toEqual([{ runId: run.id, step: 1, totalSteps: 10, losses: expect.objectContaining({ step: 1 }), etaSeconds: 9 / 4 }]);
    expect(ofKind('training.validation')).toEqual([{ runId: run.id, step: 5, psnr: 25, ssim: 0.5, l1: 0.2 }]);
    expect(ofKind('training.preview')).toEqual([{ runId: run.id, step: 5 }]);
    expect(ofKind('training.changed').at(-1)).toMatchObject({ status: 'paused' });
    const preview = await training.preview(run.id);
    expect(preview.contentType).toBe('image/png');
    expect(preview.data.subarray(1, 4).toString()).toBe('PNG');
  });

  it("keeps an inpainting run's PatchMatch baseline on the run, through a pause and a resume", async () => {
    const run = await training.start({ config: config({ kind: 'inpaint', validationSplit: 0.2 }) }, emit);
    const baseline = { engine: 'patchmatch', psnr: 18.5, ssim: 0.8, l1: 0.15 };
    expect((await training.pause(run.id)).baseline).toEqual(baseline);
    expect(ofKind('training.changed').some((r) => (r as { baseline: unknown }).baseline !== null)).toBe(true);
    await training.resume(run.id, emit);
    expect((await training.stop(run.id, emit)).baseline).toEqual(baseline);
  });

  it('trains a GAN on every photo (no validation split) and records its losses without an L1', async () => {
    const run = await training.start({ config: config({ kind: 'gan', size: 64, validationSplit: 0.2 }) }, emit);
    expect(run).toMatchObject({ kind: 'gan', config: { validationSplit: 0 }, dataset: { usable: 5, train: 5, validation: 0 } });
    expect((processes[0]?.sent[0] as TrainingStart).validation).toEqual([]);
    const paused = await training.pause(run.id);
    expect(paused.lastLosses).toMatchObject({ step: 5, gAdv: 1, gL1: null, d: 0.7 });
    expect(training.metrics(run.id).losses.map((p) => p.gL1)).toEqual([null, null, null, null, null]);
  });

  it('resumes from the checkpoint with the same split, drops the history after it, and registers a model per stop', async () => {
    const run = await training.start({ config: config() }, emit);
    await training.pause(run.id);
    // The next process resumes from step 3 (say its newest checkpoint on disk): steps 4 and 5 are trained again.
    script = { ...script, checkpoint: 3, steps: 4 };
    await training.resume(run.id, emit);
    const [first, second] = processes as [FakeProcess, FakeProcess];
    expect((second.sent[0] as TrainingStart).train).toEqual((first.sent[0] as TrainingStart).train);
    const stopped = await training.stop(run.id, emit);
    expect(stopped).toMatchObject({ status: 'stopped', step: 7 });
    expect(training.metrics(run.id).losses.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(training.metrics(run.id).validation.map((p) => p.step)).toEqual([7]);
    const model = models.get(stopped.modelId as number);
    expect(model).toMatchObject({ kind: 'colorize', source: 'trained', runId: run.id, name: `${run.name}`, isDefault: true });
    expect(ofKind('models.changed')).toHaveLength(1);

    script = { ...script, checkpoint: 7, steps: 3 };
    const completed = await training.resume(run.id, emit).then(() => training.whenEnded(run.id));
    expect(completed).toMatchObject({ status: 'completed', step: 10 });
    expect(completed.modelId).not.toBe(model.id);
    expect(models.get(completed.modelId as number).name).toBe(`${run.name} (step 10)`);
    expect(models.list().map((m) => m.runId)).toEqual([run.id, run.id]);
    await expect(training.resume(run.id, emit)).rejects.toMatchObject({ code: 'E_BUSY' });
  });

  it('marks a crashed process failed with its exit and last output, keeps working, and can resume the run', async () => {
    script = { ...script, crash: 'loading batch\nRangeError: Array buffer allocation failed\n' };
    const run = await training.start({ config: config() }, emit);
    const failed = await training.whenEnded(run.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/killed \(SIGKILL; the system may have run out of memory\)\n.*\nRangeError: Array buffer allocation failed/);
    expect(failed.checkpointStep).toBe(5);
    script = { ...script, crash: null, checkpoint: 5, steps: 5 };
    const resumed = await training.resume(run.id, emit);
    expect(resumed).toMatchObject({ status: 'running', error: null });
    expect(await training.whenEnded(run.id)).toMatchObject({ status: 'completed', step: 10, error: null });
  });

  it('kills a process that does not pause in time and says so', async () => {
    training = service({ endTimeoutMs: 100 });
    script = { ...script, answers: false };
    const run = await training.start({ config: config() }, emit);
    const after = await training.pause(run.id);
    expect(after.status).toBe('failed');
    expect(after.error).toMatch(/did not pause within 0.1 s and was ended/);
  });

  it('stops a paused run by exporting its checkpoint, and one without a checkpoint without a model', async () => {
    const run = await training.start({ config: config() }, emit);
    await training.pause(run.id);
    script = { ...script, checkpoint: 5, steps: 0 };
    const stopped = await training.stop(run.id, emit);
    expect(stopped).toMatchObject({ status: 'stopped', step: 5 });
    expect(stopped.modelId).not.toBeNull();
    expect(processes).toHaveLength(2);

    const bare = insertRun(db, { name: 'bare', kind: 'colorize', config: config(), dataset: stopped.dataset, totalSteps: 10, ownerPid: 1 }, { train: ['a.png'], validation: [] });
    db.prepare("UPDATE training_runs SET status = 'paused' WHERE id = ?").run(bare.id);
    expect(await training.stop(bare.id, emit)).toMatchObject({ status: 'stopped', modelId: null });
    expect(processes).toHaveLength(2);
  });

  it('on start, pauses runs whose app is gone with a note; leaves one another live process drives', async () => {
    const dataset = { folder: photos, usable: 5, train: 4, validation: 1, minSide: 72, skippedCount: 1 };
    const orphan = insertRun(db, { name: 'orphan', kind: 'colorize', config: config(), dataset, totalSteps: 10, ownerPid: 4242 }, { train: ['album/p0.png'], validation: [] });
    const elsewhere = insertRun(db, { name: 'cli', kind: 'colorize', config: config(), dataset, totalSteps: 10, ownerPid: 777 }, { train: ['album/p0.png'], validation: [] });
    db.prepare('UPDATE training_runs SET checkpoint_step = 4 WHERE id = ?').run(orphan.id);
    const restarted = service({ isAlive: (pid) => pid === 777 });
    expect(restarted.get(orphan.id)).toMatchObject({ status: 'paused', error: expect.stringMatching(/^interrupted: .* checkpoint at step 4/) });
    expect(restarted.get(elsewhere.id).status).toBe('running');
    await expect(restarted.resume(elsewhere.id, emit)).rejects.toMatchObject({ code: 'E_BUSY', message: /another Kintsugi process/ });
    await expect(restarted.remove(elsewhere.id)).rejects.toMatchObject({ code: 'E_BUSY' });
    await expect(restarted.pause(elsewhere.id)).rejects.toMatchObject({ code: 'E_BUSY', message: /another Kintsugi process/ });
    expect(await restarted.pause(orphan.id)).toMatchObject({ status: 'paused' });
  });

  it('refuses to delete a training run, and deletes a paused one with its folder while its model stays', async () => {
    const run = await training.start({ config: config() }, emit);
    await expect(training.remove(run.id)).rejects.toMatchObject({ code: 'E_BUSY' });
    const stopped = await training.stop(run.id, emit);
    const folder = join(dataDir, 'training', 'runs', String(run.id));
    expect(readdirSync(folder)).toContain('previews');
    expect(await training.remove(run.id)).toBe(true);
    expect(existsSync(folder)).toBe(false);
    expect(models.get(stopped.modelId as number).runId).toBeNull();
    expect(await training.remove(run.id)).toBe(false);
    expect(() => training.get(run.id)).toThrow(expect.objectContaining({ code: 'E_NOT_FOUND' }));
  });
});
