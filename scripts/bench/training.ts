/**
 * Colorizer training benchmark (issue 4): optimizer steps per second of the pix2pix colorizer (default width, the
 * default batch size, real photo crops, both networks and both Adam steps) and single-image inference time, at 128
 * and 256 px, on each backend this machine has, with each backend's peak memory. Each backend runs in its own
 * process, so peak memory is its own. Writes bench-results/training.json and returns the object.
 *   node --import tsx scripts/bench/training.ts            (all backends)
 *   node --import tsx scripts/bench/training.ts --backend wasm
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { predictAb } from '../../models/pix2pix/colorize-io.js';
import { DEFAULT_WIDTH } from '../../models/pix2pix/unet-generator.js';
import { TrainingConfigSchema } from '../../src-shared/contract/training.js';
import type { BackendName } from '../../src-shared/contract/system.js';
import { rgbToLab } from '../../src-main/color/lab.js';
import { SeededRandom } from '../../src-main/engines/inpaint/random.js';
import { selectBackend } from '../../src-main/runtime/backend-ladder.js';
import { createColorizeTask } from '../../src-main/training/trainer/colorize-task.js';
import { centreCrop, randomCrop } from '../../src-main/training/trainer/crops.js';
import { decodeForTraining } from '../../src-main/training/trainer/training-images.js';

const SAMPLES = path.resolve('resources/samples');
const SIZES = [128, 256] as const;
const BACKENDS: BackendName[] = ['tfjs-node', 'wasm', 'cpu'];
/**
 * Timed steps per size and backend. The pure-JS cpu backend takes about a minute per step at 128 px and several at
 * 256 px, so it gets one step (after no warm-up, which matters little at that speed).
 */
const STEPS: Record<string, Record<number, { warmup: number; timed: number }>> = {
  cpu: { 128: { warmup: 0, timed: 1 }, 256: { warmup: 0, timed: 1 } },
  default: { 128: { warmup: 2, timed: 8 }, 256: { warmup: 1, timed: 4 } },
};
const INFERENCE_RUNS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

async function measureBackend(backend: BackendName): Promise<Record<string, unknown>> {
  const report = await selectBackend(backend);
  if (report.active !== backend) return { available: false, attempts: report.attempts };
  const defaults = TrainingConfigSchema.parse({ kind: 'colorize', dataFolder: SAMPLES });
  const files = (await readdir(SAMPLES)).filter((f) => f.endsWith('.jpg')).sort().map((f) => path.join(SAMPLES, f));
  const sizes: Record<string, unknown> = {};
  for (const size of SIZES) {
    const photos = await Promise.all(files.map((f) => decodeForTraining(f, size)));
    const task = createColorizeTask({ size, learningRate: defaults.learningRate, l1Weight: defaults.l1Weight, seed: 1, freezeEncoder: false });
    const random = new SeededRandom(1);
    const batch = () => Array.from({ length: defaults.batchSize }, () => randomCrop(photos[Math.floor(random.next() * photos.length)]!, size, random));
    const plan = STEPS[backend] ?? STEPS.default!;
    const { warmup, timed } = plan[size]!;
    for (let i = 0; i < warmup; i++) task.trainStep(batch(), random);
    const start = performance.now();
    for (let i = 0; i < timed; i++) task.trainStep(batch(), random);
    const msPerStep = (performance.now() - start) / timed;

    const L = rgbToLab(centreCrop(photos[0]!, size)).L;
    predictAb(task.product.model, L, size);
    const times: number[] = [];
    for (let i = 0; i < INFERENCE_RUNS; i++) {
      const t = performance.now();
      predictAb(task.product.model, L, size);
      times.push(performance.now() - t);
    }
    sizes[`${size}px`] = {
      batchSize: defaults.batchSize,
      timedSteps: timed,
      msPerStep: Math.round(msPerStep),
      stepsPerSecond: round(1000 / msPerStep),
      imagesPerSecond: round((1000 / msPerStep) * defaults.batchSize, 2),
      inferenceMs: Math.round(median(times)),
      generatorParameters: task.product.model.countParams(),
    };
    task.dispose();
    // Everything a task made is released with it; a leak would show here (and grow per step).
    (sizes[`${size}px`] as Record<string, number>).tensorsLeftAfterDispose = tf.memory().numTensors;
  }
  return { available: true, sizes, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
}

/** Run every backend in a child process of this script and collect the figures. */
export async function benchTraining(): Promise<Record<string, unknown>> {
  const script = fileURLToPath(import.meta.url);
  const backends: Record<string, unknown> = {};
  for (const backend of BACKENDS) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', script, '--backend', backend], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const line = out.trim().split('\n').at(-1) as string;
    backends[backend] = JSON.parse(line) as unknown;
  }
  const result = {
    benchmark: 'training',
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    model: `pix2pix colorizer: U-Net generator + PatchGAN, width ${DEFAULT_WIDTH}`,
    notes:
      'msPerStep: one optimizer step of both networks on a batch of random crops of resources/samples photos (Lab conversion included), mean over timedSteps after warm-up. inferenceMs: median of 3 single-image predictions (working size, no resize). peakRssMB: peak of the backend\'s own process. The cpu backend is the pure-JS one: one step only, it is far too slow to train on.',
    backends,
  };
  await mkdir('bench-results', { recursive: true });
  await writeFile(path.join('bench-results', 'training.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

const backendArg = process.argv.indexOf('--backend');
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (backendArg > 0) process.stdout.write(`${JSON.stringify(await measureBackend(process.argv[backendArg + 1] as BackendName))}\n`);
  else process.stdout.write(`${JSON.stringify(await benchTraining(), null, 2)}\n`);
}
