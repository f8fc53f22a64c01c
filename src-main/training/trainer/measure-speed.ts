import type { TrainingConfig } from '../../../src-shared/contract/training.js';
import type { RgbImage } from '../../engines/inpaint/engine.js';
import { SeededRandom } from '../../engines/inpaint/random.js';
import { taskFactory } from './tasks.js';

/**
 * Steps a measurement runs. The first few are slower (kernels, caches and buffers being set up; on tfjs-node about
 * the first five), so they are not timed: with two, the estimate of an inpaint run was 41 % high, with five 16 % low.
 */
const WARMUP_STEPS = 5;
const TIMED_STEPS = 8;

/** A crop with colour and texture, so every loss and gradient the task computes is a real one. */
function syntheticCrop(size: number, random: SeededRandom): RgbImage {
  const data = new Uint8Array(size * size * 3);
  const phase = random.next() * 6.28;
  for (let i = 0; i < size * size; i++) {
    const x = i % size;
    const y = Math.floor(i / size);
    data[i * 3] = 128 + 100 * Math.sin(x * 0.21 + phase);
    data[i * 3 + 1] = 128 + 100 * Math.cos(y * 0.17 - phase);
    data[i * 3 + 2] = Math.floor(random.next() * 256);
  }
  return { width: size, height: size, data };
}

/**
 * Mean wall time of one optimizer step of `config`'s task (fresh networks, both of them for an adversarial task,
 * synthetic crops of its size and batch) on the active backend: what a run of that config spends per step, less
 * its data loading, validation and checkpoints.
 */
export async function measureStepSeconds(config: TrainingConfig): Promise<{ secondsPerStep: number; timedSteps: number }> {
  // Creating a task is async: the encoder colorizer loads its pretrained trunk from models/.
  const task = await taskFactory(config.kind).create(config, {});
  try {
    const random = new SeededRandom(config.seed);
    const batch = Array.from({ length: config.batchSize }, () => syntheticCrop(config.size, random));
    for (let i = 0; i < WARMUP_STEPS; i++) task.trainStep(batch, random);
    const start = performance.now();
    for (let i = 0; i < TIMED_STEPS; i++) task.trainStep(batch, random);
    return { secondsPerStep: (performance.now() - start) / 1000 / TIMED_STEPS, timedSteps: TIMED_STEPS };
  } finally {
    task.dispose();
  }
}
