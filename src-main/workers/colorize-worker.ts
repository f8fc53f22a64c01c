/**
 * Worker thread entry: colorization off the main thread. It lives across runs (ColorizeWorker queues them), keeping
 * the last model it loaded, so a batch of photos with one model loads it once.
 */
import { parentPort } from 'node:worker_threads';
import type { ColorizeEngineSpec, ColorizeWorkerReply, ColorizeWorkerRequest } from '../../src-shared/workers/colorize-messages.js';
import { propagateColourHints } from '../engines/colorize/colour-hints.js';
import { assertHintsOnImage } from '../engines/colorize/hints-on-image.js';
import { colorizeFromReferences } from '../engines/colorize/reference-transfer.js';
import type { RgbImage } from '../engines/inpaint/engine.js';
import { LoadedModelSlot } from './loaded-model.js';
import { serveRuns, type Progress } from './serve-runs.js';

const port = parentPort;
if (!port) throw new Error('colorize-worker must be started as a worker thread');

// Imported on the first model: reference and hint colorization never need TensorFlow.js.
const modelColorizer = () => import('../engines/colorize/model-colorizer.js');
const models = new LoadedModelSlot(async (model, manifest) => (await modelColorizer()).checkColorizeModel(model, manifest));

function colorize(image: RgbImage, engine: ColorizeEngineSpec, signal: AbortSignal, progress: Progress): Promise<RgbImage> | RgbImage {
  if (engine.kind === 'reference') return colorizeFromReferences(image, engine.references, { seed: engine.seed, signal, onProgress: progress });
  if (engine.kind === 'hints') {
    assertHintsOnImage(engine.hints, image.width, image.height);
    return propagateColourHints(image, engine.hints, { signal, onProgress: progress });
  }
  return models
    .get(engine, progress)
    .then(async ({ model, manifest }) => (await modelColorizer()).colorizeWithModel(model, manifest, image, { signal, onProgress: progress }));
}

serveRuns<Exclude<ColorizeWorkerRequest, { type: 'cancel' }>, ColorizeWorkerReply>(port, 'colorization', async (request, signal, progress) => {
  const { runId } = request;
  if (request.type === 'load') {
    await models.get(request.engine, progress);
    return { reply: { type: 'loaded', runId } };
  }
  const output = await colorize(request.image, request.engine, signal, progress);
  return { reply: { type: 'done', runId, image: output }, transfer: [output.data.buffer as ArrayBuffer] };
});
