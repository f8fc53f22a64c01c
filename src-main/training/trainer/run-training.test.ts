import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { TrainingConfigSchema } from '../../../src-shared/contract/training.js';
import { MANIFEST_FILE, type ModelManifest } from '../../../src-shared/models/manifest.js';
import type { TrainingReply, TrainingStart } from '../../../src-shared/workers/training-messages.js';
import { tempDir } from '../../images/test-images.js';
import { loadLayersModel } from '../../runtime/layers-model-files.js';
import { loadWasmBackend } from '../../runtime/wasm-backend.js';
import { learningRateAt, runTraining, spreadOver, totalStepsOf } from './run-training.js';
import { writeSyntheticPhotos } from './test-photos.js';

const config = (extra: object) => TrainingConfigSchema.parse({ kind: 'colorize', dataFolder: '/photos', ...extra });

const BACKEND = { active: 'wasm' as const, preference: 'wasm' as const, attempts: [], tfjsVersion: null };

/** A run's start message: the first two files train, the rest validate. */
function startOf(files: string[], runDir: string, modelName: string, extra: object, baseModelDir: string | null = null): TrainingStart {
  return { type: 'start', config: config(extra), train: files.slice(0, 2), validation: files.slice(2), runDir, baseModelDir, modelName, appVersion: '0' };
}

/** Every reply of one run, which is asked to pause after step `pauseAfter`. */
async function repliesOf(begin: TrainingStart, pauseAfter?: number): Promise<TrainingReply[]> {
  const sent: TrainingReply[] = [];
  const control: { requested: 'pause' | null } = { requested: null };
  await runTraining(begin, BACKEND, (reply) => {
    sent.push(reply);
    if (reply.type === 'step' && reply.losses.step === pauseAfter) control.requested = 'pause';
  }, control);
  return sent;
}

describe('runTraining', () => {
  it('counts steps from `steps`, or from epochs over the training files', () => {
    expect(totalStepsOf(config({ steps: 300 }), 90)).toBe(300);
    expect(totalStepsOf(config({ epochs: 3, batchSize: 4 }), 90)).toBe(68);
  });

  it('validates on files spread over the split, not on its first few', () => {
    expect(spreadOver(['a', 'b'], 16)).toEqual(['a', 'b']);
    expect(spreadOver(Array.from({ length: 8 }, (_, i) => i), 4)).toEqual([0, 2, 4, 6]);
  });

  it('keeps the learning rate for the first half of the run, then decays it linearly to zero', () => {
    expect([0, 49, 50, 75, 99].map((step) => learningRateAt(1e-3, step, 100))).toEqual([1e-3, 1e-3, 1e-3, 5e-4, 2e-5]);
  });

  it('trains the encoder colorizer by default: validation from grey, export, and a paused run resumes exactly', async () => {
    await loadWasmBackend();
    const folder = tempDir('colorize-photos');
    const files = await writeSyntheticPhotos(folder, 3, 96, 80);
    const start = (runDir: string) =>
      startOf(files, runDir, 'colours', { dataFolder: folder, size: 64, batchSize: 2, steps: 4, learningRate: 1e-3, validateEvery: 2, previewEvery: 2, checkpointEvery: 100 });
    const run = (runDir: string, pauseAfter?: number) => repliesOf(start(runDir), pauseAfter);

    const whole = await run(tempDir('colorize-run'));
    const validation = whole.flatMap((r) => (r.type === 'validation' ? [r.point] : []));
    expect(validation.map((v) => v.step)).toEqual([0, 2, 4]);
    expect(validation.at(-1)!.l1).toBeLessThan(validation[0]!.l1);
    const steps = whole.flatMap((r) => (r.type === 'step' ? [r.losses] : []));
    expect(steps.every((s) => s.gAdv === null && s.d === null && (s.gL1 as number) > 0)).toBe(true);
    const ended = whole.at(-1) as Extract<TrainingReply, { type: 'ended' }>;
    expect(ended).toMatchObject({ reason: 'completed', step: 4 });
    const manifest = JSON.parse(readFileSync(join(ended.modelDir!, MANIFEST_FILE), 'utf8')) as ModelManifest;
    expect(manifest).toMatchObject({ kind: 'colorize', arch: 'mobilenet-unet-colorizer', inputSize: 64, io: { input: 'L', output: 'ab' } });
    const exported = await loadLayersModel(ended.modelDir!);
    expect(exported.layers.filter((l) => l.name.startsWith('enc_')).every((l) => !l.trainable)).toBe(true);
    exported.dispose();

    // Paused after step 2 (checkpoint), then resumed in a new task: steps 3 and 4 as in the uninterrupted run.
    const runDir = tempDir('colorize-paused');
    expect((await run(runDir, 2)).at(-1)).toMatchObject({ type: 'ended', reason: 'paused', step: 2 });
    const resumed = await run(runDir);
    expect(resumed.find((r) => r.type === 'ready')).toMatchObject({ startStep: 2 });
    const continued = resumed.flatMap((r) => (r.type === 'step' ? [r.losses] : []));
    expect(continued.map((s) => s.step)).toEqual([3, 4]);
    continued.forEach((losses, i) => expect(losses.gL1).toBeCloseTo(steps[i + 2]!.gL1 as number, 5));
    const resumedValidation = resumed.flatMap((r) => (r.type === 'validation' ? [r.point] : []));
    expect(resumedValidation.at(-1)?.l1).toBeCloseTo(validation.at(-1)!.l1, 5);
  });

  it('trains a gan without validation, previews its sample grid, and resumes a paused run exactly', async () => {
    await loadWasmBackend();
    const folder = tempDir('gan-photos');
    const files = await writeSyntheticPhotos(folder, 3, 96, 80);
    const start = (runDir: string) =>
      startOf(files, runDir, 'faces', { kind: 'gan', dataFolder: folder, size: 64, batchSize: 2, steps: 4, previewEvery: 2, checkpointEvery: 100 });
    const run = (runDir: string, pauseAfter?: number) => repliesOf(start(runDir), pauseAfter);

    const whole = await run(tempDir('gan-run'));
    expect(whole.filter((r) => r.type === 'validation')).toEqual([]);
    const steps = whole.flatMap((r) => (r.type === 'step' ? [r.losses] : []));
    expect(steps.map((s) => s.gL1)).toEqual([null, null, null, null]);
    expect(whole.flatMap((r) => (r.type === 'preview' ? [r.step] : []))).toEqual([2, 4]);
    const ended = whole.at(-1);
    expect(ended).toMatchObject({ type: 'ended', reason: 'completed', step: 4 });
    const modelDir = (ended as Extract<TrainingReply, { type: 'ended' }>).modelDir!;
    const manifest = JSON.parse(readFileSync(join(modelDir, MANIFEST_FILE), 'utf8')) as ModelManifest;
    expect(manifest).toMatchObject({ kind: 'gan', arch: 'dcgan', inputSize: 64, metrics: {}, io: { input: 'latent', latentSize: 100 } });
    const generator = await loadLayersModel(modelDir);
    const sample = tf.tidy(() => generator.predict(tf.zeros([1, 100])) as tf.Tensor);
    expect(sample.shape).toEqual([1, 64, 64, 3]);
    sample.dispose();
    generator.dispose();

    // Paused after step 2 (checkpoint), then resumed: steps 3 and 4 as in the uninterrupted run.
    const runDir = tempDir('gan-paused');
    expect((await run(runDir, 2)).at(-1)).toMatchObject({ type: 'ended', reason: 'paused', step: 2 });
    const resumed = await run(runDir);
    expect(resumed.find((r) => r.type === 'ready')).toMatchObject({ startStep: 2 });
    const continued = resumed.flatMap((r) => (r.type === 'step' ? [r.losses] : []));
    expect(continued.map((s) => s.step)).toEqual([3, 4]);
    continued.forEach((losses, i) => {
      expect(losses.gAdv).toBeCloseTo(steps[i + 2]!.gAdv as number, 5);
      expect(losses.d).toBeCloseTo(steps[i + 2]!.d as number, 5);
    });
  });

  it('trains a mosaic inpainter with an SN-PatchGAN: hole validation, previews, exact resume, and a frozen-encoder fine-tune', async () => {
    await loadWasmBackend();
    const folder = tempDir('inpaint-photos');
    const files = await writeSyntheticPhotos(folder, 3, 96, 80);
    const base = { kind: 'inpaint', dataFolder: folder, size: 64, batchSize: 2, steps: 4, previewEvery: 2, validateEvery: 2, checkpointEvery: 100 };
    const start = (runDir: string, extra: object = {}, baseModelDir: string | null = null) =>
      startOf(files, runDir, 'censor undoer', { ...base, inpaintMode: 'mosaic', coverage: [0.1, 0.3], adversarialWeight: 0.1, ...extra }, baseModelDir);
    const run = repliesOf;

    const whole = await run(start(tempDir('inpaint-run')));
    const steps = whole.flatMap((r) => (r.type === 'step' ? [r.losses] : []));
    expect(steps.every((s) => [s.gAdv, s.gL1, s.d].every((v) => v !== null && Number.isFinite(v)) && (s.d as number) > 0)).toBe(true);
    const validation = whole.flatMap((r) => (r.type === 'validation' ? [r.point] : []));
    expect(validation.map((v) => v.step)).toEqual([0, 2, 4]);
    expect(validation.every((v) => v.psnr > 5 && v.psnr < 99 && v.ssim > -1 && v.ssim <= 1 && v.l1 > 0)).toBe(true);
    expect(whole.flatMap((r) => (r.type === 'preview' ? [r.step] : []))).toEqual([2, 4]);
    // PatchMatch scored once on the same cases, before the first validation.
    const baselines = whole.flatMap((r) => (r.type === 'baseline' ? [r.baseline] : []));
    expect(baselines).toHaveLength(1);
    expect(baselines[0]).toMatchObject({ engine: 'patchmatch' });
    expect(baselines[0]!.psnr > 5 && baselines[0]!.psnr < 99 && baselines[0]!.l1 > 0).toBe(true);
    expect(whole.findIndex((r) => r.type === 'baseline')).toBeLessThan(whole.findIndex((r) => r.type === 'validation'));
    const ended = whole.at(-1) as Extract<TrainingReply, { type: 'ended' }>;
    expect(ended).toMatchObject({ reason: 'completed', step: 4 });
    const manifest = JSON.parse(readFileSync(join(ended.modelDir!, MANIFEST_FILE), 'utf8')) as ModelManifest;
    expect(manifest).toMatchObject({ kind: 'inpaint', arch: 'gated-unet', inputSize: 64, io: { input: 'rgb+mask', output: 'rgb', mode: 'mosaic' } });
    expect(manifest.metrics.valPsnr).toBe(validation.at(-1)?.psnr);

    // Paused after step 2, then resumed: steps 3 and 4 as in the uninterrupted run (masks, mosaics, SN vectors).
    const runDir = tempDir('inpaint-paused');
    expect((await run(start(runDir), 2)).at(-1)).toMatchObject({ type: 'ended', reason: 'paused', step: 2 });
    const resumed = await run(start(runDir));
    expect(resumed.some((r) => r.type === 'baseline')).toBe(false);
    const continued = resumed.flatMap((r) => (r.type === 'step' ? [r.losses] : []));
    expect(continued.map((s) => s.step)).toEqual([3, 4]);
    continued.forEach((losses, i) => {
      expect(losses.gL1).toBeCloseTo(steps[i + 2]!.gL1 as number, 5);
      expect(losses.d).toBeCloseTo(steps[i + 2]!.d as number, 5);
    });
    // Validation scores the averaged weights: the checkpoint carried the average, so step 4 scores the same.
    const resumedValidation = resumed.flatMap((r) => (r.type === 'validation' ? [r.point] : []));
    expect(resumedValidation.at(-1)?.step).toBe(4);
    expect(resumedValidation.at(-1)?.psnr).toBeCloseTo(validation.at(-1)!.psnr, 4);
    expect(resumedValidation.at(-1)?.l1).toBeCloseTo(validation.at(-1)!.l1, 5);

    // Fine-tuned from that model with its encoder frozen: the new model's encoder weights are the old ones.
    const tuned = (await run(start(tempDir('inpaint-tuned'), { steps: 2, baseModelId: 1, freezeEncoder: true, adversarialWeight: 0 }, ended.modelDir))).at(-1);
    const [before, after] = await Promise.all([loadLayersModel(ended.modelDir!), loadLayersModel((tuned as typeof ended).modelDir!)]);
    const weights = (model: tf.LayersModel, encoder: boolean) =>
      model.layers.filter((l) => l.name.startsWith('enc_') === encoder).flatMap((l) => l.getWeights().map((w) => Array.from(w.dataSync())));
    expect(weights(after, true)).toEqual(weights(before, true));
    expect(weights(after, false)).not.toEqual(weights(before, false));
    before.dispose();
    after.dispose();
  });
});
