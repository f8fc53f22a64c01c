/**
 * Batch colorization benchmark (issue 5): a 50-photo batch of greyscale 1024 px JPEGs through the real job system
 * (createApp, `batch.create`, the colorize worker, sharp encode, temp file + rename) for each colorize engine, with the
 * process's memory sampled during the batch, to check that it stays flat (no growth per image).
 * Writes bench-results/batch-colorize.json and returns the same object.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { buildUnetGenerator } from '../../models/pix2pix/unet-generator.js';
import type { BatchItem, BatchJob, EventName, EventOf } from '../../src-shared/contract/index.js';
import { modelEngineId } from '../../src-shared/contract/index.js';
import { MANIFEST_FILE } from '../../src-shared/models/manifest.js';
import { createApp, type App } from '../../src-main/app/create-app.js';
import { call } from '../../src-main/cli/invoke.js';
import { tinyManifest } from '../../src-main/models/test-models.js';
import { saveLayersModel } from '../../src-main/runtime/layers-model-files.js';

const PHOTOS = 50;
const SIDE = 1024;
/** The development photo set when this checkout sits beside it; the repository's samples (repeated) otherwise. */
const SHARED_PHOTOS = path.resolve('../shared/photos/photos');
const SAMPLES = path.resolve('resources/samples');
const SAMPLE_EVERY_MS = 100;
/** The learned engine's network: the pix2pix U-Net at the default training size and a typical width. */
const MODEL_SIZE = 128;
const MODEL_WIDTH = 32;

const mb = (bytes: number): number => Math.round(bytes / 2 ** 20);

/** Ten short strokes across the frame in sky, foliage and skin tones, as a user would paint them once in the Editor. */
const HINT_PRESET = {
  name: 'Bench strokes',
  width: 1024,
  height: 768,
  hints: Array.from({ length: 10 }, (_, k) => ({
    points: [
      { x: 80 + (k % 5) * 200, y: 120 + Math.floor(k / 5) * 480 },
      { x: 160 + (k % 5) * 200, y: 150 + Math.floor(k / 5) * 480 },
    ],
    radius: 12,
    colour: ['#6f9fd8', '#5a8a3c', '#d8a07a', '#8a6a4a', '#c8c0b0'][k % 5] as string,
  })),
};

/** Slope of y over x by least squares. */
function slope(points: readonly [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx > 0 ? sxy / sxx : 0;
}

async function sourcePhotos(): Promise<{ folder: string; files: string[] }> {
  const folder = existsSync(SHARED_PHOTOS) ? SHARED_PHOTOS : SAMPLES;
  const files = (await readdir(folder)).filter((f) => f.endsWith('.jpg')).sort();
  return { folder, files: files.map((f) => path.join(folder, f)) };
}

/** 50 black-and-white scans: each source photo resized so its longer side is 1024 px, made grey, saved as JPEG. */
async function prepareInputs(into: string, sources: readonly string[]): Promise<void> {
  await mkdir(into, { recursive: true });
  for (let i = 0; i < PHOTOS; i++) {
    const source = sources[i % sources.length] as string;
    const name = `scan-${String(i + 1).padStart(2, '0')}.jpg`;
    await sharp(source).resize({ width: SIDE, height: SIDE, fit: 'inside' }).greyscale().jpeg({ quality: 90 }).toFile(path.join(into, name));
  }
}

/** An untrained model of the real architecture, registered in the library: its speed is the learned engine's. */
async function registerModel(app: App, work: string): Promise<number> {
  const folder = path.join(work, 'bench-model');
  await mkdir(folder, { recursive: true });
  // Building and saving happen on this thread; the batch runs the model in the colorize worker.
  await tf.setBackend('cpu');
  const model = buildUnetGenerator({ size: MODEL_SIZE, width: MODEL_WIDTH, seed: 1 });
  await saveLayersModel(model, folder);
  const manifest = tinyManifest({ name: 'Bench colorizer (untrained)', inputSize: MODEL_SIZE, parameters: model.countParams(), metrics: {}, provenance: null });
  await writeFile(path.join(folder, MANIFEST_FILE), JSON.stringify(manifest));
  model.dispose();
  const registered = await app.models.register(folder, { source: 'imported', runId: null, move: true });
  return registered.id;
}

interface EngineFigures {
  /** The engine id the batch ran with. */
  engine: string;
  imagesPerMinute: number;
  totalSeconds: number;
  medianImageMs: number;
  done: number;
  failed: number;
  rssAtImage10MB: number;
  rssAtImage50MB: number;
  rssGrowth10To50MB: number;
  /** Least-squares slope of RSS over files 10-50: what each further file adds. */
  rssSlopeKBPerImage: number;
  peakRssMB: number;
  memoryFlat: boolean;
}

/** RSS wobbles with the garbage collector; a trend adding more than this from file 10 to file 50 counts as growth. */
const FLAT_TOLERANCE_MB = 64;

/** What a colorize batch runs with: its engine and that engine's inputs. */
type EngineChoice = { engine: string; referencePaths?: string[]; hintsPresetId?: number };

async function runBatch(app: App, choice: EngineChoice, input: string, output: string): Promise<EngineFigures> {
  const { engine } = choice;
  let finished = 0;
  /** RSS when each file finished, by its number (1-based). */
  const rssAt: number[] = [];
  let peak = process.memoryUsage().rss;
  let resolveEnd: (job: BatchJob) => void = () => {};
  const ended = new Promise<BatchJob>((resolve) => (resolveEnd = resolve));
  let jobId = -1;
  const emit = <E extends EventName>(event: E, payload: EventOf<E>): void => {
    if (event === 'batch.itemFinished') {
      finished++;
      rssAt[finished] = process.memoryUsage().rss;
    } else if (event === 'batch.changed') {
      const job = payload as BatchJob;
      if (job.id === jobId && job.status !== 'running' && job.status !== 'queued') resolveEnd(job);
    }
  };
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), SAMPLE_EVERY_MS);
  const started = performance.now();
  const { job } = await call(
    app,
    'batch.create',
    {
      input: { type: 'folder', folder: input },
      output: { folder: output, namePattern: '{name}_color', format: 'jpeg', quality: 90 },
      operation: { kind: 'colorize', ...choice, alreadyColour: 'luminance' },
    },
    emit,
  );
  jobId = job.id;
  const last = await ended;
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  if (last.status !== 'completed') throw new Error(`the ${engine} batch ended ${last.status}: ${last.error?.message ?? ''}`);
  const items = (await call(app, 'batch.items', { jobId: job.id, limit: 1000 })).items as BatchItem[];
  const times = items.map((i) => i.durationMs ?? 0).sort((a, b) => a - b);
  const at10 = rssAt[10] ?? 0;
  const at50 = rssAt[PHOTOS] ?? 0;
  const steady = rssAt.map((rss, i): [number, number] => [i, rss]).filter(([i]) => i >= 10);
  const perImage = slope(steady);
  return {
    engine,
    imagesPerMinute: Number(((last.counts.done / seconds) * 60).toFixed(1)),
    totalSeconds: Number(seconds.toFixed(1)),
    medianImageMs: Math.round(times[Math.floor(times.length / 2)] ?? 0),
    done: last.counts.done,
    failed: last.counts.failed,
    rssAtImage10MB: mb(at10),
    rssAtImage50MB: mb(at50),
    rssGrowth10To50MB: mb(at50 - at10),
    rssSlopeKBPerImage: Math.round(perImage / 1024),
    peakRssMB: mb(peak),
    memoryFlat: (perImage * (PHOTOS - 10)) / 2 ** 20 <= FLAT_TOLERANCE_MB,
  };
}

export async function benchBatchColorize(): Promise<Record<string, unknown>> {
  const work = await mkdtemp(path.join(tmpdir(), 'kintsugi-bench-batch-'));
  try {
    const { folder, files } = await sourcePhotos();
    const input = path.join(work, 'scans');
    await prepareInputs(input, files);
    // Colour photos that are not among the first inputs, when the set is big enough.
    const references = files.length > PHOTOS + 2 ? files.slice(-2) : files.slice(0, 2);
    const engines: Record<string, EngineFigures> = {};
    for (const engine of ['reference', 'hints', 'learnedModel']) {
      const app = await createApp({ dataDir: path.join(work, `data-${engine}`), host: 'cli' });
      try {
        const operation =
          engine === 'reference'
            ? { engine, referencePaths: references }
            : engine === 'hints'
              ? { engine, hintsPresetId: (await call(app, 'hints.presets.save', HINT_PRESET)).id }
              : { engine: modelEngineId(await registerModel(app, work)) };
        engines[engine] = await runBatch(app, operation, input, path.join(work, `out-${engine}`));
      } finally {
        app.close();
      }
    }
    const result = {
      benchmark: 'batch-colorize',
      date: new Date().toISOString(),
      node: process.version,
      cpus: (await import('node:os')).cpus().length,
      photos: { count: PHOTOS, longSide: SIDE, source: path.relative(process.cwd(), folder) || folder },
      notes:
        `Whole batches through batch.create (decode, colorize in the worker, JPEG encode with EXIF/ICC, temp file + rename, one SQLite commit per file); ` +
        `imagesPerMinute includes loading the model or references once. The hints engine applies one 10-stroke preset to every photo. The model engine is an untrained pix2pix U-Net ` +
        `(${MODEL_SIZE} px tiles, width ${MODEL_WIDTH}): its speed is that of a trained one, its colours are not. ` +
        `RSS is the whole process (worker threads included), read as each file finished; memoryFlat: the least-squares trend over files 10-50 adds <= ${FLAT_TOLERANCE_MB} MB.`,
      engines,
    };
    const json = JSON.stringify(result, null, 2);
    await mkdir('bench-results', { recursive: true });
    await writeFile(path.join('bench-results', 'batch-colorize.json'), `${json}\n`);
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
