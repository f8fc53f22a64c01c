/**
 * GAN training benchmark (issue 6): optimizer steps per second of the DCGAN (default width and batch size, real
 * photo crops, both networks, both Adam steps and the spectral-norm projection) at 64 and 128 px on wasm, and the
 * time of one live sample grid. Runs in its own process so its peak memory is its own. Writes
 * bench-results/gan.json and returns the object.
 *   node --import tsx scripts/bench/gan.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { DCGAN_DEFAULT_WIDTH } from '../../models/dcgan/dcgan-generator.js';
import { GAN_SIZES, TrainingConfigSchema } from '../../src-shared/contract/training.js';
import { SeededRandom } from '../../src-main/engines/inpaint/random.js';
import { selectBackend } from '../../src-main/runtime/backend-ladder.js';
import { randomCrop } from '../../src-main/training/trainer/crops.js';
import { createGanTask } from '../../src-main/training/trainer/gan-task.js';
import { decodeForTraining } from '../../src-main/training/trainer/training-images.js';

const SAMPLES = path.resolve('resources/samples');
/** Kept small: the whole benchmark takes well under a minute on a 2-core laptop. */
const STEPS: Record<number, { warmup: number; timed: number }> = { 64: { warmup: 2, timed: 10 }, 128: { warmup: 1, timed: 5 } };

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

async function measure(): Promise<Record<string, unknown>> {
  const report = await selectBackend('wasm');
  if (report.active !== 'wasm') return { available: false, attempts: report.attempts };
  const files = (await readdir(SAMPLES)).filter((f) => f.endsWith('.jpg')).sort().map((f) => path.join(SAMPLES, f));
  const sizes: Record<string, unknown> = {};
  for (const size of GAN_SIZES) {
    const config = TrainingConfigSchema.parse({ kind: 'gan', dataFolder: SAMPLES, size });
    const photos = await Promise.all(files.map((f) => decodeForTraining(f, size)));
    const task = createGanTask({ size, learningRate: config.learningRate, loss: config.ganLoss, spectralNorm: config.spectralNorm, seed: 1 });
    const random = new SeededRandom(1);
    const batch = () => Array.from({ length: config.batchSize }, () => randomCrop(photos[Math.floor(random.next() * photos.length)]!, size, random));
    const { warmup, timed } = STEPS[size]!;
    for (let i = 0; i < warmup; i++) task.trainStep(batch(), random);
    const start = performance.now();
    for (let i = 0; i < timed; i++) task.trainStep(batch(), random);
    const msPerStep = (performance.now() - start) / timed;
    const previewStart = performance.now();
    task.previewRows([]);
    sizes[`${size}px`] = {
      batchSize: config.batchSize,
      loss: config.ganLoss,
      spectralNorm: config.spectralNorm,
      timedSteps: timed,
      msPerStep: Math.round(msPerStep),
      stepsPerSecond: round(1000 / msPerStep),
      sampleGridMs: Math.round(performance.now() - previewStart),
      generatorParameters: task.product.model.countParams(),
      discriminatorParameters: task.models.discriminator?.countParams() ?? null,
    };
    task.dispose();
    // Everything a task made is released with it; a leak would show here.
    (sizes[`${size}px`] as Record<string, number>).tensorsLeftAfterDispose = tf.memory().numTensors;
  }
  return { available: true, sizes, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
}

export async function benchGan(): Promise<Record<string, unknown>> {
  const script = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, '--child'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const result = {
    benchmark: 'gan-training',
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    model: `DCGAN, width ${DCGAN_DEFAULT_WIDTH}, 100-d noise`,
    notes:
      'msPerStep: one optimizer step of generator and discriminator (hinge loss, spectral norm: the defaults) on a batch of random crops of resources/samples photos, mean over timedSteps after warm-up, wasm backend. sampleGridMs: one live preview (32 samples from the fixed noise batch, decoded to 8-bit).',
    wasm: JSON.parse(out.trim().split('\n').at(-1) as string) as unknown,
  };
  await mkdir('bench-results', { recursive: true });
  await writeFile(path.join('bench-results', 'gan.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--child')) process.stdout.write(`${JSON.stringify(await measure())}\n`);
  else process.stdout.write(`${JSON.stringify(await benchGan(), null, 2)}\n`);
}
