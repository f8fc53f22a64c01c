import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildUnetGenerator, PIX2PIX_ARCH } from '../../models/pix2pix/unet-generator.js';
import { TrainingConfigSchema, type TrainingConfigInput } from '../../src-shared/contract/training.js';
import { MANIFEST_FILE, ModelManifestSchema } from '../../src-shared/models/manifest.js';
import type { TrainingReply, TrainingStart } from '../../src-shared/workers/training-messages.js';
import { tempDir } from '../images/test-images.js';
import { loadLayersModel, saveLayersModel } from '../runtime/layers-model-files.js';
import { loadWasmBackend } from '../runtime/wasm-backend.js';
import { findCheckpoint } from '../training/trainer/checkpoint.js';
import { writeSyntheticPhotos } from '../training/trainer/test-photos.js';
import { forkTrainingProcess } from './fork-training-process.js';

/** One forked training process and everything it said. */
class Run {
  readonly child: ChildProcess = forkTrainingProcess();
  readonly replies: TrainingReply[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stderr = '';
  private waiters: Array<() => void> = [];

  constructor(start: TrainingStart) {
    this.child.on('message', (reply: TrainingReply) => {
      this.replies.push(reply);
      for (const wake of this.waiters) wake();
    });
    this.child.stdout?.resume();
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.child.send(start);
    running.push(this);
  }

  /** The first reply (already received or still to come) that matches. */
  async waitFor<T extends TrainingReply['type']>(type: T, match: (r: Extract<TrainingReply, { type: T }>) => boolean = () => true): Promise<Extract<TrainingReply, { type: T }>> {
    const find = () => this.replies.find((r): r is Extract<TrainingReply, { type: T }> => r.type === type && match(r as Extract<TrainingReply, { type: T }>));
    for (;;) {
      const found = find();
      if (found) return found;
      const failed = this.replies.find((r) => r.type === 'failed');
      if (failed) throw new Error(`training failed: ${JSON.stringify(failed)}\n${this.stderr}`);
      await new Promise<void>((resolve, reject) => {
        this.waiters.push(resolve);
        void this.exited.then(({ code, signal }) => reject(new Error(`exited (${code ?? signal}) before a ${type} reply\n${this.stderr}`)));
      });
    }
  }

  of<T extends TrainingReply['type']>(type: T): Array<Extract<TrainingReply, { type: T }>> {
    return this.replies.filter((r): r is Extract<TrainingReply, { type: T }> => r.type === type);
  }
}

const running: Run[] = [];
afterEach(() => {
  for (const run of running.splice(0)) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
});

let dataFolder: string;
let files: string[];

beforeAll(async () => {
  dataFolder = tempDir('train-data');
  files = await writeSyntheticPhotos(dataFolder, 5, 100, 80);
});

/** A tiny colorize model folder (width 2) with its manifest, as the model store would hand it to a fine-tune. */
async function writeBaseModel(size: number, name: string): Promise<string> {
  await loadWasmBackend();
  const folder = tempDir('base-model');
  await saveLayersModel(buildUnetGenerator({ size, width: 2, seed: 1 }), folder);
  const manifest = {
    format: 'kintsugi-model',
    formatVersion: 1,
    kind: 'colorize',
    arch: PIX2PIX_ARCH,
    name,
    inputSize: size,
    io: { colorSpace: 'lab', input: 'L', output: 'ab' },
    parameters: 1,
    metrics: {},
    provenance: null,
    appVersion: '0.0.0',
    createdAt: new Date().toISOString(),
  };
  writeFileSync(join(folder, MANIFEST_FILE), JSON.stringify(ModelManifestSchema.parse(manifest)));
  return folder;
}

function startMessage(runDir: string, config: Partial<TrainingConfigInput> = {}, baseModelDir: string | null = null): TrainingStart {
  return {
    type: 'start',
    config: TrainingConfigSchema.parse({
      kind: 'colorize',
      // The process's protocol is the same for every architecture; these runs use pix2pix's small base models.
      colorizeArch: 'pix2pix',
      dataFolder,
      size: 64,
      batchSize: 1,
      steps: 500,
      checkpointEvery: 4,
      validateEvery: 4,
      previewEvery: 4,
      backend: 'wasm',
      ...config,
    }),
    train: files.slice(0, 4),
    validation: files.slice(4),
    runDir,
    baseModelDir,
    modelName: 'Test colorizer',
    appVersion: '0.0.0-test',
  };
}

describe('training process', () => {
  it('trains, survives SIGKILL by resuming from its checkpoint, pauses with a checkpoint and stops with a model', async () => {
    const runDir = tempDir('train-run');
    const first = new Run(startMessage(runDir));
    const ready = await first.waitFor('ready');
    expect(ready).toMatchObject({ startStep: 0, totalSteps: 500, backend: { active: 'wasm' } });
    await first.waitFor('checkpoint', (c) => c.step >= 8);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const steps = first.of('step').map((s) => s.losses.step);
    expect(steps.slice(0, 3)).toEqual([1, 2, 3]);
    expect(first.of('step').every((s) => s.totalSteps === 500 && s.losses.stepsPerSecond > 0)).toBe(true);
    // The fresh run's starting point, then every validateEvery steps.
    expect(first.of('validation').slice(0, 2).map((v) => v.point.step)).toEqual([0, 4]);
    const preview = first.of('preview')[0];
    expect(preview?.step).toBe(4);
    const lastCheckpoint = Math.max(...first.of('checkpoint').map((c) => c.step));

    // Resumed: from the newest checkpoint on disk (the kill may have landed after one more), never from scratch.
    const second = new Run(startMessage(runDir));
    const resumed = await second.waitFor('ready');
    expect(resumed.startStep).toBeGreaterThanOrEqual(lastCheckpoint);
    expect(resumed.startStep % 4).toBe(0);
    expect((await second.waitFor('step')).losses.step).toBe(resumed.startStep + 1);
    second.child.send({ type: 'pause' });
    const paused = await second.waitFor('ended');
    expect(paused).toMatchObject({ reason: 'paused', modelDir: null });
    expect((await findCheckpoint(runDir))?.state.step).toBe(paused.step);
    expect(second.of('checkpoint').at(-1)?.step).toBe(paused.step);
    expect((await second.exited).code).toBe(0);

    const third = new Run(startMessage(runDir));
    expect((await third.waitFor('ready')).startStep).toBe(paused.step);
    third.child.send({ type: 'stop' });
    const stopped = await third.waitFor('ended');
    expect(stopped.reason).toBe('stopped');
    expect((await third.exited).code).toBe(0);
    const manifest = ModelManifestSchema.parse(JSON.parse(readFileSync(join(stopped.modelDir!, MANIFEST_FILE), 'utf8')));
    expect(manifest).toMatchObject({
      kind: 'colorize',
      arch: PIX2PIX_ARCH,
      name: 'Test colorizer',
      inputSize: 64,
      io: { colorSpace: 'lab', input: 'L', output: 'ab' },
      provenance: { steps: stopped.step, trainCount: 4, validationCount: 1, imageCount: 5, backend: 'wasm', baseModel: null },
    });
    // Validated on the final weights before export.
    expect(manifest.metrics.valL1).toBe(third.of('validation').at(-1)?.point.l1);
    expect(existsSync(preview!.file)).toBe(true);

    await loadWasmBackend();
    const model = await loadLayersModel(stopped.modelDir!);
    expect(model.outputs[0]?.shape).toEqual([null, 64, 64, 2]);
    expect(model.countParams()).toBe(manifest.parameters);
  });

  it('completes its steps without validation files: no validation, previews of training crops, a model without metrics', async () => {
    const start = { ...startMessage(tempDir('train-complete'), { steps: 3, previewEvery: 3, checkpointEvery: 100 }), validation: [] };
    const run = new Run(start);
    const ended = await run.waitFor('ended');
    expect(ended).toMatchObject({ reason: 'completed', step: 3 });
    expect(run.of('validation')).toEqual([]);
    expect(run.of('preview').map((p) => p.step)).toEqual([3]);
    // The final checkpoint is written even though checkpointEvery was never reached.
    expect(run.of('checkpoint').map((c) => c.step)).toEqual([3]);
    const manifest = ModelManifestSchema.parse(JSON.parse(readFileSync(join(ended.modelDir!, MANIFEST_FILE), 'utf8')));
    expect(manifest.metrics).toEqual({});
    expect(manifest.provenance).toMatchObject({ steps: 3, validationCount: 0 });
  });

  it('fine-tunes from a base model of the same kind and size, recorded in the provenance', async () => {
    const baseDir = await writeBaseModel(64, 'Small base');
    const run = new Run(startMessage(tempDir('train-finetune'), { freezeEncoder: true }, baseDir));
    const first = await run.waitFor('step');
    // Ctrl-C in the terminal reaches the training process too: it goes on, and the CLI's stop ends it with a model.
    run.child.kill('SIGINT');
    await run.waitFor('step', (s) => s.losses.step > first.losses.step + 1);
    expect(run.child.exitCode).toBeNull();
    run.child.send({ type: 'stop' });
    const stopped = await run.waitFor('ended');
    const manifest = ModelManifestSchema.parse(JSON.parse(readFileSync(join(stopped.modelDir!, MANIFEST_FILE), 'utf8')));
    expect(manifest.provenance).toMatchObject({ baseModel: 'Small base', freezeEncoder: true });
    // The base model's (width 2) generator was trained, not a fresh default-width one.
    expect(manifest.parameters).toBe(buildUnetGenerator({ size: 64, width: 2, seed: 1 }).countParams());
  });

  it('fails with E_BAD_MODEL for a base model of another size, and exits', async () => {
    const baseDir = await writeBaseModel(128, 'Big base');
    const run = new Run(startMessage(tempDir('train-base'), {}, baseDir));
    const { code } = await run.exited;
    expect(code).toBe(0);
    expect(run.replies).toEqual([{ type: 'failed', error: expect.objectContaining({ code: 'E_BAD_MODEL', message: expect.stringContaining('128 px') }) }]);
  });
});
