import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { TrainingConfig } from '../../src-shared/contract/training.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { MANIFEST_FILE, type ModelIo } from '../../src-shared/models/manifest.js';
import { luminanceOnly } from '../color/lab.js';
import { colourScores, meanColourScores, type ColourScores } from '../engines/colorize/colour-scores.js';
import { colorizeWithModel } from '../engines/colorize/model-colorizer.js';
import type { RgbImage } from '../engines/inpaint/engine.js';
import { resizeRgb } from '../engines/colorize/resize-plane.js';
import { encodeRgbPng } from '../images/rgb-pixels.js';
import { saveLayersModel } from '../runtime/layers-model-files.js';
import { composeGrid } from '../training/trainer/preview-grid.js';
import { spreadOver } from '../training/trainer/run-training.js';
import { findCheckpoint, loadCheckpointModels, restoreVariables } from '../training/trainer/checkpoint.js';
import { trainedManifest } from '../training/trainer/export-model.js';
import { AVERAGE_PREFIX, WeightAverage } from '../training/trainer/weight-average.js';

/** The shipped models folder of a kind holds this beside the model: data, licences, steps and scores. */
export const SHIPPED_FILE = 'shipped.json';

/** A shipped model must stay small enough for the repository and the installers. */
export const MAX_SHIPPED_BYTES = 25 * 1024 * 1024;

const COLORIZE_IO: ModelIo = { colorSpace: 'lab', input: 'L', output: 'ab' };

/** What the training data was, as the corpus builder summarises it (counts per package and per licence). */
export interface CorpusSummary {
  photos: number;
  crops: Record<string, number>;
  photosPerPackage: Record<string, number>;
  photosPerLicence: Record<string, number>;
}

/** The run the weights come from, as the library recorded it. */
export interface ShippedRun {
  config: TrainingConfig;
  trainCount: number;
  validationCount: number;
  backend: string;
}

export interface ShipColorizerOptions {
  /** The training run's folder (its newest checkpoint is shipped, with the weight average where it has one). */
  runDir: string;
  run: ShippedRun;
  /** Colour photos the model never trained on (the corpus's val split), scored against a grey output. */
  validation: readonly RgbImage[];
  corpus: CorpusSummary | null;
  /** Folder written (replaced) with model.json, weights.bin, kintsugi.json and shipped.json. */
  outDir: string;
  name: string;
  appVersion: string;
  /** Also write a before/after grid (grey, Automatic, truth) of this many validation photos, spread over them. */
  grid?: { file: string; rows: number };
}

/** `shipped.json`. */
export interface ShippedReport {
  name: string;
  steps: number;
  /** Whether the weights are the run's exponential moving average (else its live weights). */
  averaged: boolean;
  validationImages: number;
  /** Mean scores over the validation photos, of the model's output and of the grey input itself. */
  scores: { model: ColourScores; grey: ColourScores };
  data: CorpusSummary | null;
  bytes: number;
  shippedAt: string;
}

async function folderBytes(folder: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(folder)) total += (await stat(join(folder, name))).size;
  return total;
}

/** Side of a tile in the before/after grid. */
const GRID_TILE = 192;

/**
 * The model's and the grey input's scores on colour photos, through the app's own inference path, and the grid
 * rows [grey, output, truth] of the photos at `gridIndices`.
 */
async function score(
  model: tf.LayersModel,
  inputSize: number,
  photos: readonly RgbImage[],
  gridIndices: ReadonlySet<number>,
): Promise<{ scores: ShippedReport['scores']; rows: RgbImage[][] }> {
  const modelScores: ColourScores[] = [];
  const greyScores: ColourScores[] = [];
  const rows: RgbImage[][] = [];
  for (const [i, truth] of photos.entries()) {
    const grey = luminanceOnly(truth);
    const output = await colorizeWithModel(model, { kind: 'colorize', inputSize, io: COLORIZE_IO }, grey);
    modelScores.push(colourScores(output, truth));
    greyScores.push(colourScores(grey, truth));
    if (gridIndices.has(i)) rows.push([grey, output, truth].map((image) => resizeRgb(image, GRID_TILE, GRID_TILE)));
  }
  return { scores: { model: meanColourScores(modelScores), grey: meanColourScores(greyScores) }, rows };
}

/**
 * Make a shipped colorizer from a training run (issue 13): its newest checkpoint's averaged weights, scored on
 * held-out colour photos against a grey output, written as a model folder under MAX_SHIPPED_BYTES with its manifest
 * and `shipped.json`. The folder is assembled beside `outDir` and renamed into place.
 */
export async function shipColorizer(options: ShipColorizerOptions): Promise<ShippedReport> {
  const checkpoint = await findCheckpoint(options.runDir);
  if (checkpoint === null) throw new KintsugiError('E_NOT_FOUND', `The run in ${options.runDir} has no checkpoint yet`);
  const { state } = checkpoint;
  if (state.kind !== 'colorize') throw new KintsugiError('E_BAD_MODEL', `The run in ${options.runDir} trains ${state.kind}, not colorize`);
  if (options.validation.length === 0) throw new KintsugiError('E_INVALID_ARGUMENT', 'A shipped model needs validation photos to be scored on');
  const models = await loadCheckpointModels(checkpoint);
  const generator = models.generator;
  if (generator === undefined) throw new KintsugiError('E_BAD_MODEL', `The checkpoint in ${checkpoint.folder} has no generator`);
  const average = new WeightAverage(generator);
  const averaged = state.variables.some((spec) => spec.name.startsWith(AVERAGE_PREFIX));
  // Without an average in the checkpoint the shadows stay at the live weights, so the live weights are shipped.
  if (averaged) await restoreVariables(checkpoint, average.variables);
  const temp = join(dirname(options.outDir), `.shipping-${randomUUID()}`);
  await mkdir(temp, { recursive: true });
  try {
    const report = await average.withAveraged(async () => {
      const indices = options.validation.map((_, i) => i);
      const gridIndices = new Set(options.grid === undefined ? [] : spreadOver(indices, options.grid.rows));
      const { scores, rows } = await score(generator, state.size, options.validation, gridIndices);
      if (options.grid !== undefined && rows.length > 0) await writeFile(options.grid.file, await encodeRgbPng(composeGrid(rows)));
      await saveLayersModel(generator, temp);
      const manifest = trainedManifest(
        { kind: 'colorize', arch: state.arch, product: { model: generator, io: COLORIZE_IO } },
        {
          name: options.name,
          appVersion: options.appVersion,
          config: options.run.config,
          trainCount: options.run.trainCount,
          validationCount: options.run.validationCount,
          step: state.step,
          backend: options.run.backend,
          baseModel: null,
          lastValidation: state.lastValidation,
        },
      );
      await writeFile(join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
      const shipped: ShippedReport = {
        name: options.name,
        steps: state.step,
        averaged,
        validationImages: options.validation.length,
        scores,
        data: options.corpus,
        bytes: 0,
        shippedAt: manifest.createdAt,
      };
      shipped.bytes = await folderBytes(temp);
      if (shipped.bytes > MAX_SHIPPED_BYTES) {
        throw new KintsugiError('E_BAD_MODEL', `The model is ${(shipped.bytes / 2 ** 20).toFixed(1)} MB; a shipped model must stay under 25 MB`);
      }
      await writeFile(join(temp, SHIPPED_FILE), `${JSON.stringify(shipped, null, 2)}\n`);
      return shipped;
    });
    await rm(options.outDir, { recursive: true, force: true });
    await rename(temp, options.outDir);
    return report;
  } finally {
    await rm(temp, { recursive: true, force: true });
    average.dispose();
    for (const model of Object.values(models)) model.dispose();
  }
}
