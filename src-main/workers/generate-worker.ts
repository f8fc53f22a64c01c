/**
 * Worker thread entry: GAN generation off the main thread. It lives across calls and keeps the generators it loaded,
 * so a second grid or an interpolation with the same model loads nothing. Calls come one at a time (the client queues
 * them).
 */
import { parentPort } from 'node:worker_threads';
import { KintsugiError } from '../../src-shared/errors.js';
import type { GanModelSpec, GenerateWorkerReply, GenerateWorkerRequest } from '../../src-shared/workers/generate-messages.js';
import { checkGanModel, sampleImages, type GanGenerator } from '../engines/generate/gan-sampler.js';
import { readManifest } from '../models/model-folder.js';
import { toErrorData } from '../router/error-mapping.js';
import { requireBackend } from '../runtime/backend-ladder.js';
import { loadLayersModel } from '../runtime/layers-model-files.js';

/** Generators kept loaded; the least recently used goes first (a user switching among many GANs would pile them up). */
const MAX_LOADED = 2;

const port = parentPort;
if (!port) throw new Error('generate-worker must be started as a worker thread');

/** Selected with the first model; tfjs backends are per thread. */
let backend: Promise<unknown> | null = null;
/** By model id, least recently used first. */
const loaded = new Map<number, GanGenerator>();
let current: { runId: number; controller: AbortController } | null = null;

function reply(message: GenerateWorkerReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

function release(modelId: number): void {
  loaded.get(modelId)?.model.dispose();
  loaded.delete(modelId);
}

async function generatorFor(spec: GanModelSpec): Promise<GanGenerator> {
  backend ??= requireBackend(spec.backend);
  await backend;
  const cached = loaded.get(spec.id);
  if (cached) {
    loaded.delete(spec.id);
    loaded.set(spec.id, cached);
    return cached;
  }
  const manifest = await readManifest(spec.dir);
  const model = await loadLayersModel(spec.dir);
  let generator: GanGenerator;
  try {
    generator = checkGanModel(model, manifest);
  } catch (err) {
    model.dispose();
    throw err;
  }
  for (const id of [...loaded.keys()].slice(0, Math.max(0, loaded.size + 1 - MAX_LOADED))) release(id);
  loaded.set(spec.id, generator);
  return generator;
}

async function serve(request: Exclude<GenerateWorkerRequest, { type: 'cancel' }>): Promise<void> {
  const { runId } = request;
  if (current) {
    reply({ type: 'failed', runId, error: new KintsugiError('E_BUSY', `The generation worker is busy with run ${current.runId}`).toData() });
    return;
  }
  const controller = new AbortController();
  current = { runId, controller };
  try {
    if (request.type === 'release') {
      release(request.modelId);
      reply({ type: 'released', runId });
      return;
    }
    const generator = await generatorFor(request.model);
    const images = await sampleImages(generator, request.latents, {
      signal: controller.signal,
      onProgress: (fraction, stage) => reply({ type: 'progress', runId, fraction, stage }),
    });
    reply({ type: 'done', runId, images }, images.map((image) => image.data.buffer as ArrayBuffer));
  } catch (err) {
    reply({ type: 'failed', runId, error: toErrorData(err) });
  } finally {
    current = null;
  }
}

port.on('message', (message: GenerateWorkerRequest) => {
  if (message.type === 'cancel') {
    if (current?.runId === message.runId) current.controller.abort();
    return;
  }
  void serve(message);
});
