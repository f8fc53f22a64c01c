/**
 * Worker thread entry: colorization off the main thread. Unlike the inpainting worker it lives across runs, because
 * a learned model is worth keeping: the tfjs backend is selected once and the last model loaded stays loaded, so a
 * batch of photos with one model loads it once. Runs come one at a time (the client queues them).
 */
import { parentPort } from 'node:worker_threads';
import type * as tf from '@tensorflow/tfjs';
import { KintsugiError } from '../../src-shared/errors.js';
import type { ModelManifest } from '../../src-shared/models/manifest.js';
import type { ColorizeEngineSpec, ColorizeWorkerReply, ColorizeWorkerRequest } from '../../src-shared/workers/colorize-messages.js';
import { propagateColourHints } from '../engines/colorize/colour-hints.js';
import { assertHintsOnImage } from '../engines/colorize/hints-on-image.js';
import { checkColorizeModel, colorizeWithModel } from '../engines/colorize/model-colorizer.js';
import { colorizeFromReferences } from '../engines/colorize/reference-transfer.js';
import type { RgbImage } from '../engines/inpaint/engine.js';
import { readManifest } from '../models/model-folder.js';
import { toErrorData } from '../router/error-mapping.js';
import { requireBackend } from '../runtime/backend-ladder.js';
import { loadLayersModel } from '../runtime/layers-model-files.js';

/** Engines report often; more than ~20 messages a second would only flood the event channel. */
const PROGRESS_INTERVAL_MS = 50;

const port = parentPort;
if (!port) throw new Error('colorize-worker must be started as a worker thread');

type ModelSpec = Extract<ColorizeEngineSpec, { kind: 'model' }>;
type Progress = (fraction: number, stage: string) => void;

interface LoadedModel {
  dir: string;
  model: tf.LayersModel;
  manifest: ModelManifest;
}

/** Selected on the first model run; tfjs backends are per thread, so one selection serves every later run. */
let backend: Promise<unknown> | null = null;
let loaded: LoadedModel | null = null;
let current: { runId: number; controller: AbortController } | null = null;

function reply(message: ColorizeWorkerReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

async function modelFor(spec: ModelSpec, progress: Progress): Promise<LoadedModel> {
  backend ??= requireBackend(spec.backend);
  await backend;
  if (loaded?.dir === spec.modelDir) return loaded;
  progress(0, 'loading model');
  // One model at a time: a batch switching models should not pile them up in memory.
  loaded?.model.dispose();
  loaded = null;
  const manifest = await readManifest(spec.modelDir);
  const model = await loadLayersModel(spec.modelDir);
  try {
    checkColorizeModel(model, manifest);
  } catch (err) {
    model.dispose();
    throw err;
  }
  loaded = { dir: spec.modelDir, model, manifest };
  return loaded;
}

function colorize(image: RgbImage, engine: ColorizeEngineSpec, signal: AbortSignal, progress: Progress): Promise<RgbImage> | RgbImage {
  if (engine.kind === 'reference') return colorizeFromReferences(image, engine.references, { seed: engine.seed, signal, onProgress: progress });
  if (engine.kind === 'hints') {
    assertHintsOnImage(engine.hints, image.width, image.height);
    return propagateColourHints(image, engine.hints, { signal, onProgress: progress });
  }
  return modelFor(engine, progress).then(({ model, manifest }) => colorizeWithModel(model, manifest, image, { signal, onProgress: progress }));
}

async function serve(request: Exclude<ColorizeWorkerRequest, { type: 'cancel' }>): Promise<void> {
  const { runId } = request;
  if (current) {
    reply({ type: 'failed', runId, error: new KintsugiError('E_BUSY', `The colorization worker is busy with run ${current.runId}`).toData() });
    return;
  }
  const controller = new AbortController();
  current = { runId, controller };
  let lastPost = 0;
  let lastStage = '';
  const progress: Progress = (fraction, stage) => {
    const now = Date.now();
    if (stage === lastStage && now - lastPost < PROGRESS_INTERVAL_MS) return;
    lastPost = now;
    lastStage = stage;
    reply({ type: 'progress', runId, fraction: Math.min(1, Math.max(0, fraction)), stage });
  };
  try {
    if (request.type === 'load') {
      await modelFor(request.engine, progress);
      reply({ type: 'loaded', runId });
    } else {
      const output = await colorize(request.image, request.engine, controller.signal, progress);
      reply({ type: 'done', runId, image: output }, [output.data.buffer as ArrayBuffer]);
    }
  } catch (err) {
    reply({ type: 'failed', runId, error: toErrorData(err) });
  } finally {
    current = null;
  }
}

port.on('message', (message: ColorizeWorkerRequest) => {
  if (message.type === 'cancel') {
    if (current?.runId === message.runId) current.controller.abort();
    return;
  }
  void serve(message);
});
