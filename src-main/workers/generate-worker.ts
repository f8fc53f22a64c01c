/**
 * Worker thread entry: GAN generation off the main thread. It lives across calls and keeps the generators it loaded,
 * so a second grid or an interpolation with the same model loads nothing. Calls come one at a time (the client queues
 * them).
 */
import { parentPort } from 'node:worker_threads';
import type { GanModelSpec, GenerateWorkerReply, GenerateWorkerRequest } from '../../src-shared/workers/generate-messages.js';
import { checkGanModel, sampleImages, type GanGenerator } from '../engines/generate/gan-sampler.js';
import { readManifest } from '../models/model-folder.js';
import { requireBackend } from '../runtime/backend-ladder.js';
import { loadLayersModel } from '../runtime/layers-model-files.js';
import { serveRuns } from './serve-runs.js';

/** Generators kept loaded; the least recently used goes first (a user switching among many GANs would pile them up). */
const MAX_LOADED = 2;

const port = parentPort;
if (!port) throw new Error('generate-worker must be started as a worker thread');

/** Selected with the first model; tfjs backends are per thread. */
let backend: Promise<unknown> | null = null;
/** By model id, least recently used first. */
const loaded = new Map<number, GanGenerator>();

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

serveRuns<Exclude<GenerateWorkerRequest, { type: 'cancel' }>, GenerateWorkerReply>(port, 'generation', async (request, signal, progress) => {
  const { runId } = request;
  if (request.type === 'release') {
    release(request.modelId);
    return { reply: { type: 'released', runId } };
  }
  const generator = await generatorFor(request.model);
  const images = await sampleImages(generator, request.latents, { signal, onProgress: progress });
  return { reply: { type: 'done', runId, images }, transfer: images.map((image) => image.data.buffer as ArrayBuffer) };
});
