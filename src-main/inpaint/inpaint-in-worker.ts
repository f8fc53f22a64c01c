import type { InpaintMode } from '../../src-shared/contract/index.js';
import type { InpaintWorkerReply, InpaintWorkerRequest, LearnedInpaintSpec } from '../../src-shared/workers/inpaint-messages.js';
import type { HoleMask, RgbImage } from '../engines/inpaint/engine.js';
import { SerialWorker, type CallOptions, type WorkerStartOptions } from '../workers/serial-worker.js';
import { transferables } from '../workers/transferables.js';

export interface WorkerInpaintRequest {
  engine: string;
  /** For a learned engine (`model-<id>`): where its model is (see InpaintEngineCatalog.choose). */
  model?: LearnedInpaintSpec | undefined;
  mode: InpaintMode;
  seed: number;
  /** Handed to the worker as transferables: the caller must not use these buffers afterwards. */
  image: RgbImage;
  mask: HoleMask;
}

export type WorkerInpaintOptions = CallOptions & WorkerStartOptions;

type Answer = Exclude<InpaintWorkerReply, { type: 'progress' | 'failed' }>;

/**
 * One inpainting worker thread (`inpaint-worker`), kept alive across calls so a learned engine's model is loaded
 * once for a whole batch; calls run one at a time in order. Cancelling posts `cancel` (the engine stops at its next
 * check); a worker still busy after the grace period is terminated, and the call fails with E_CANCELLED. A worker
 * that crashes or exits without an answer fails its call with E_INTERNAL and is replaced on the next call.
 */
export class InpaintWorker {
  readonly #worker: SerialWorker<InpaintWorkerRequest, Answer>;

  constructor({ spawn, cancelGraceMs }: WorkerStartOptions = {}) {
    this.#worker = new SerialWorker({ entry: 'inpaint-worker', what: 'inpainting', spawn, cancelGraceMs });
  }

  /** Repair `request.image` where `request.mask` has holes (both buffers are handed to the worker). */
  inpaint(request: WorkerInpaintRequest, options: CallOptions = {}): Promise<RgbImage> {
    return this.#worker.enqueue(options, (runId) => ({
      message: { type: 'run', runId, ...request },
      transfer: transferables([request.image.data, request.mask]),
      result: (reply) => (reply.type === 'done' ? { value: reply.image } : null),
    }));
  }

  /** Load and check a learned engine's model now (it stays loaded for the next calls): an unusable one fails here. */
  load(model: LearnedInpaintSpec, options: CallOptions = {}): Promise<void> {
    return this.#worker.enqueue(options, (runId) => ({
      message: { type: 'load', runId, model },
      transfer: [],
      result: (reply) => (reply.type === 'loaded' ? { value: undefined } : null),
    }));
  }

  /** End the worker (a call in flight fails with E_CANCELLED). A later call starts a fresh one. */
  close(): Promise<void> {
    return this.#worker.close();
  }
}

/**
 * One repair in a worker of its own, ended as soon as it answers (the Editor's runs: a big image's buffers are freed
 * at once, and nothing is kept between runs the user may space minutes apart).
 */
export async function inpaintInWorker(request: WorkerInpaintRequest, options: WorkerInpaintOptions = {}): Promise<RgbImage> {
  const worker = new InpaintWorker(options);
  try {
    return await worker.inpaint(request, options);
  } finally {
    await worker.close();
  }
}
