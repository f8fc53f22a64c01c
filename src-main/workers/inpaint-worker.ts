/**
 * Worker thread entry: runs one inpainting request off the main thread, so the window (or the server) stays
 * responsive during a long PatchMatch search. One worker per run: a crash or a runaway engine is ended by
 * terminating it, and the next run starts clean.
 */
import { parentPort } from 'node:worker_threads';
import type { InpaintWorkerReply, InpaintWorkerRequest, LearnedInpaintSpec } from '../../src-shared/workers/inpaint-messages.js';
import type { InpaintEngine } from '../engines/inpaint/engine.js';
import { ModelInpaintEngine } from '../engines/inpaint/model-inpainter.js';
import { findEngine } from '../engines/inpaint/registry.js';
import { inpaintRegions } from '../engines/inpaint/regions.js';
import { readManifest } from '../models/model-folder.js';
import { toErrorData } from '../router/error-mapping.js';
import { requireBackend } from '../runtime/backend-ladder.js';
import { loadLayersModel } from '../runtime/layers-model-files.js';

/** Engines report per iteration; more than ~20 messages a second would only flood the event channel. */
const PROGRESS_INTERVAL_MS = 50;

const port = parentPort;
if (!port) throw new Error('inpaint-worker must be started as a worker thread');

const controller = new AbortController();
let started = false;

function reply(message: InpaintWorkerReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

/** A learned engine, its model loaded once for every hole region of the run (the worker serves one run). */
async function learnedEngine(id: string, spec: LearnedInpaintSpec): Promise<InpaintEngine> {
  await requireBackend(spec.backend);
  const manifest = await readManifest(spec.modelDir);
  const model = await loadLayersModel(spec.modelDir);
  try {
    return new ModelInpaintEngine(id, model, manifest);
  } catch (err) {
    model.dispose();
    throw err;
  }
}

async function run(request: Extract<InpaintWorkerRequest, { type: 'run' }>): Promise<void> {
  let lastPost = 0;
  let lastStage = '';
  try {
    const engine = request.model ? await learnedEngine(request.engine, request.model) : findEngine(request.engine);
    const output = await inpaintRegions(engine, request.image, request.mask, {
      mode: request.mode,
      seed: request.seed,
      signal: controller.signal,
      onProgress(fraction, stage) {
        const now = Date.now();
        if (stage === lastStage && now - lastPost < PROGRESS_INTERVAL_MS) return;
        lastPost = now;
        lastStage = stage;
        reply({ type: 'progress', fraction: Math.min(1, Math.max(0, fraction)), stage });
      },
    });
    reply({ type: 'done', image: output }, [output.data.buffer as ArrayBuffer]);
  } catch (err) {
    reply({ type: 'failed', error: toErrorData(err) });
  }
}

port.on('message', (message: InpaintWorkerRequest) => {
  if (message.type === 'cancel') {
    controller.abort();
    return;
  }
  // A worker serves exactly one run; a second request would share the first one's abort signal.
  if (started) return;
  started = true;
  void run(message);
});
