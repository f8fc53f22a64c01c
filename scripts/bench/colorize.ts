/**
 * Colorize inference benchmark: latency of one photo (1024 px, black and white) for each colorize engine, in this
 * process on the best backend this machine has: the reference engine (two colour references), and a learned model
 * (an untrained pix2pix U-Net of the default width: its speed is a trained one's, its colours are not) at working
 * sizes 128 and 256. Also the live tensor count after the runs (it must not grow) and peak RSS.
 * Writes bench-results/colorize.json and returns the object.
 *   node --import tsx scripts/bench/colorize.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { buildUnetGenerator, DEFAULT_WIDTH, PIX2PIX_ARCH } from '../../models/pix2pix/unet-generator.js';
import { luminanceOnly } from '../../src-main/color/lab.js';
import { colorizeWithModel } from '../../src-main/engines/colorize/model-colorizer.js';
import { colorizeFromReferences } from '../../src-main/engines/colorize/reference-transfer.js';
import type { RgbImage } from '../../src-main/engines/inpaint/engine.js';
import { requireBackend } from '../../src-main/runtime/backend-ladder.js';

const SAMPLES = path.resolve('resources/samples');
const RUNS = 3;
const SIZES = [128, 256] as const;

async function load(name: string): Promise<RgbImage> {
  const { data, info } = await sharp(path.join(SAMPLES, name))
    .resize({ width: 1024, height: 1024, fit: 'inside' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** Median milliseconds of `RUNS` runs after one warm-up run (first-call kernel setup is not inference). */
async function medianMs(run: () => Promise<unknown> | unknown): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(RUNS / 2)] as number);
}

export async function benchColorize(): Promise<Record<string, unknown>> {
  const backend = await requireBackend('auto');
  const photo = luminanceOnly(await load('gcompris-cow.jpg'));
  const references = [await load('gcompris-dog.jpg'), await load('gcompris-chickens.jpg')];

  const referenceMs = await medianMs(() => colorizeFromReferences(photo, references, { seed: 1 }));

  const model: Record<string, unknown> = {};
  for (const size of SIZES) {
    const generator = buildUnetGenerator({ size, width: DEFAULT_WIDTH, seed: 1 });
    const manifest = { kind: 'colorize', inputSize: size, io: { colorSpace: 'lab', input: 'L', output: 'ab' } } as const;
    const tensorsBefore = tf.memory().numTensors;
    const ms = await medianMs(() => colorizeWithModel(generator, manifest, photo));
    // The network alone on one working-size tile, to separate inference from the pre- and post-processing.
    const tile = tf.zeros([1, size, size, 1]);
    const tileMs = await medianMs(async () => {
      const out = generator.predict(tile) as tf.Tensor;
      await out.data();
      out.dispose();
    });
    tile.dispose();
    model[`${size}px`] = {
      arch: PIX2PIX_ARCH,
      width: DEFAULT_WIDTH,
      parameters: generator.countParams(),
      photoMs: ms,
      oneTileMs: tileMs,
      tensorsLeakedOverRuns: tf.memory().numTensors - tensorsBefore,
    };
    generator.dispose();
  }

  const result = {
    benchmark: 'colorize',
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    backend: backend.active,
    photo: { file: 'gcompris-cow.jpg (greyscale)', width: photo.width, height: photo.height },
    runs: RUNS,
    notes:
      'Median of 3 after a warm-up, in-process (no worker, no decode/encode). reference: colour transfer from 2 references ' +
      '(gcompris-dog, gcompris-chickens). model: untrained pix2pix U-Net (models/pix2pix, default width) through colorizeWithModel: ' +
      'L* to the working scale (short side = tile size), overlapping tiles (4:3 photo -> 2 tiles), guided upsampling of ab, ' +
      'compose at full resolution; oneTileMs = generator.predict on one tile alone. peakRssMB: process peak.',
    engines: {
      reference: { photoMs: referenceMs },
      model,
    },
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  const json = JSON.stringify(result, null, 2);
  await mkdir('bench-results', { recursive: true });
  await writeFile(path.join('bench-results', 'colorize.json'), `${json}\n`);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.stdout.write(`${JSON.stringify(await benchColorize(), null, 2)}\n`);
