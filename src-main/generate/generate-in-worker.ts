import type { Worker } from 'node:worker_threads';
import type { GanModelSpec, GenerateWorkerReply, GenerateWorkerRequest } from '../../src-shared/workers/generate-messages.js';
import type { RgbImage } from '../engines/inpaint/engine.js';
import { SerialWorker, type CallOptions } from '../workers/serial-worker.js';
import { transferables } from '../workers/transferables.js';

type Answer = Exclude<GenerateWorkerReply, { type: 'progress' | 'failed' }>;

/** The generation worker thread (`generate-worker`): it keeps recently used generators loaded across calls. */
export class GenerateWorker {
  readonly #worker: SerialWorker<GenerateWorkerRequest, Answer>;

  /** Generation stops between batches of a few images, so a cancelled run ends well within the default grace. */
  constructor(spawn?: () => Worker) {
    this.#worker = new SerialWorker({ entry: 'generate-worker', what: 'generation', spawn });
  }

  /** One image per latent vector (`latents` back to back; its buffer is handed to the worker). */
  generate(model: GanModelSpec, latents: Float32Array, options: CallOptions = {}): Promise<RgbImage[]> {
    return this.#worker.enqueue(options, (runId) => ({
      message: { type: 'generate', runId, model, latents },
      transfer: transferables([new Uint8Array(latents.buffer, latents.byteOffset, latents.byteLength)]),
      result: (reply) => (reply.type === 'done' ? { value: reply.images } : null),
    }));
  }

  /** Unload a model's generator (its model was deleted); nothing to do when no worker runs. */
  async release(modelId: number): Promise<void> {
    if (!this.#worker.started) return;
    await this.#worker.enqueue({}, (runId) => ({
      message: { type: 'release', runId, modelId },
      transfer: [],
      result: (reply) => (reply.type === 'released' ? { value: undefined } : null),
    }));
  }

  close(): Promise<void> {
    return this.#worker.close();
  }
}
