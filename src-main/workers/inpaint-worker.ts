/**
 * Worker thread entry: inpainting off the main thread, so the window (or the server) stays responsive during a long
 * PatchMatch search. It serves runs one at a time (InpaintWorker queues them) and keeps the last learned model it
 * loaded, so a batch repaired with one model loads it once; a runaway engine is ended by terminating the worker.
 */
import { parentPort } from 'node:worker_threads';
import type { InpaintWorkerReply, InpaintWorkerRequest } from '../../src-shared/workers/inpaint-messages.js';
import { checkInpaintModel, ModelInpaintEngine } from '../engines/inpaint/model-inpainter.js';
import { findEngine } from '../engines/inpaint/registry.js';
import { inpaintRegions } from '../engines/inpaint/regions.js';
import { LoadedModelSlot } from './loaded-model.js';
import { serveRuns } from './serve-runs.js';

const port = parentPort;
if (!port) throw new Error('inpaint-worker must be started as a worker thread');

const models = new LoadedModelSlot(checkInpaintModel);

serveRuns<Exclude<InpaintWorkerRequest, { type: 'cancel' }>, InpaintWorkerReply>(port, 'inpainting', async (request, signal, progress) => {
  const { runId } = request;
  if (request.type === 'load') {
    await models.get(request.model, progress);
    return { reply: { type: 'loaded', runId } };
  }
  const learned = request.model ? await models.get(request.model, progress) : null;
  const engine = learned ? new ModelInpaintEngine(request.engine, learned.model, learned.manifest) : findEngine(request.engine);
  const output = await inpaintRegions(engine, request.image, request.mask, { mode: request.mode, seed: request.seed, signal, onProgress: progress });
  return { reply: { type: 'done', runId, image: output }, transfer: [output.data.buffer as ArrayBuffer] };
});
