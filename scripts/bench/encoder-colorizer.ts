/**
 * Encoder colorizer benchmark (issue 13), on wasm: forward time of the frozen MobileNetV2 trunk, optimizer step
 * time of the colorizer built on it (real photo crops, the long run's batch of 8 and the default 4, at 128 px), its
 * inference on a 1024 px photo through the app's engine, and the shipped colorizer's validation scores as
 * models/shipped/colorizer/shipped.json records them (when one is shipped). Writes
 * bench-results/encoder-colorizer.json and returns the object.
 *   node --import tsx scripts/bench/encoder-colorizer.ts
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { shippedModelsDir } from '../../src-main/app/paths.js';
import { luminanceOnly } from '../../src-main/color/lab.js';
import { colorizeWithModel } from '../../src-main/engines/colorize/model-colorizer.js';
import { SeededRandom } from '../../src-main/engines/inpaint/random.js';
import { decodeRgb } from '../../src-main/images/rgb-pixels.js';
import { loadEncoderTrunk } from '../../src-main/models/encoder-trunk.js';
import { SHIPPED_FILE } from '../../src-main/models/ship-colorizer.js';
import { selectBackend } from '../../src-main/runtime/backend-ladder.js';
import { createEncoderColorizeTask } from '../../src-main/training/trainer/colorize-task.js';
import { randomCrop } from '../../src-main/training/trainer/crops.js';
import { decodeForTraining } from '../../src-main/training/trainer/training-images.js';

const SAMPLES = path.resolve('resources/samples');
const SIZE = 128;
const BATCHES = [8, 4] as const;
const WARMUP = 2;
const TIMED = 6;
const RUNS = 5;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function medianMs(run: () => unknown, runs = RUNS): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return Math.round(median(times));
}

async function shippedScores(): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path.join(shippedModelsDir(), 'shipped', 'colorizer', SHIPPED_FILE), 'utf8')) as unknown;
  } catch {
    return null;
  }
}

export async function benchEncoderColorizer(): Promise<Record<string, unknown>> {
  const backend = await selectBackend('wasm');
  const trunk = await loadEncoderTrunk();
  const encoderMs: Record<string, number> = {};
  for (const [side, batch] of [[256, 1], [128, 8]] as const) {
    const input = tf.randomUniform([batch, side, side, 3], -1, 1, 'float32', 1);
    encoderMs[`${side}px x${batch}`] = medianMs(() => tf.dispose(trunk.predict(input) as tf.Tensor[]));
    input.dispose();
  }

  const files = (await readdir(SAMPLES)).filter((f) => f.endsWith('.jpg')).sort().map((f) => path.join(SAMPLES, f));
  const photos = await Promise.all(files.map((f) => decodeForTraining(f, SIZE)));
  const steps: Record<string, unknown> = {};
  let parameters = 0;
  let inferenceMs = 0;
  for (const batchSize of BATCHES) {
    const task = createEncoderColorizeTask({ size: SIZE, learningRate: 5e-4, seed: 1, trunk: await loadEncoderTrunk() });
    const random = new SeededRandom(1);
    const batch = () => Array.from({ length: batchSize }, () => randomCrop(photos[Math.floor(random.next() * photos.length)]!, SIZE, random));
    for (let i = 0; i < WARMUP; i++) task.trainStep(batch(), random);
    const start = performance.now();
    for (let i = 0; i < TIMED; i++) task.trainStep(batch(), random);
    const msPerStep = (performance.now() - start) / TIMED;
    steps[`batch ${batchSize}`] = { msPerStep: Math.round(msPerStep), imagesPerSecond: Number(((1000 / msPerStep) * batchSize).toFixed(2)) };
    if (batchSize === BATCHES[0]) {
      parameters = task.product.model.countParams();
      const grey = luminanceOnly(await decodeRgb(files[0] as string, 'sample'));
      const manifest = { kind: 'colorize', inputSize: SIZE, io: { colorSpace: 'lab', input: 'L', output: 'ab' } } as const;
      await colorizeWithModel(task.product.model, manifest, grey);
      const t = performance.now();
      await colorizeWithModel(task.product.model, manifest, grey);
      inferenceMs = Math.round(performance.now() - t);
    }
    task.dispose();
  }
  const result = {
    benchmark: 'encoder-colorizer',
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    backend: backend.active,
    model: `frozen MobileNetV2 trunk (${trunk.countParams()} parameters) + U-Net decoder; ${parameters} parameters in all`,
    notes:
      'encoderMs: median of 5 trunk forwards (inference mode) per input size and batch. steps: one Adam step of the decoder on random 128 px crops of resources/samples (Lab conversion and the trunk forward included), mean of 6 after 2 warm-up steps. inferenceMs: one photo of resources/samples at its own size through the model engine (tiles, guided upsampling, untrained weights: its speed is a trained one\'s). shipped: the shipped colorizer\'s shipped.json (validation scores on the corpus val split against grey), null when none is shipped.',
    encoderMs,
    steps,
    inferenceMs,
    shipped: await shippedScores(),
  };
  await mkdir('bench-results', { recursive: true });
  await writeFile(path.join('bench-results', 'encoder-colorizer.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(`${JSON.stringify(await benchEncoderColorizer(), null, 2)}\n`);
