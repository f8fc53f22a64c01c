import type { ColorizeEngineSpec, ColorizeWorkerReply, ColorizeWorkerRequest } from '../../src-shared/workers/colorize-messages.js';
import type { RgbImage } from '../engines/inpaint/engine.js';
import { SerialWorker, type CallOptions, type WorkerStartOptions } from '../workers/serial-worker.js';
import { transferables } from '../workers/transferables.js';
import { assertColorizeFits } from './memory-budget.js';

export type ColorizeCallOptions = CallOptions;

export type ModelEngineSpec = Extract<ColorizeEngineSpec, { kind: 'model' }>;

type Answer = Exclude<ColorizeWorkerReply, { type: 'progress' | 'failed' }>;

/**
 * One colorization worker thread (`colorize-worker`), kept alive across calls so its tfjs backend and its loaded
 * model serve every photo of a batch; calls run one at a time in order. A cancelled call posts `cancel` and, when
 * the engine does not stop within the grace period (reference transfer is not interruptible), the worker is
 * terminated; a crashed or terminated worker is replaced by a fresh one on the next call (see SerialWorker).
 */
export class ColorizeWorker {
  readonly #worker: SerialWorker<ColorizeWorkerRequest, Answer>;

  constructor({ spawn, cancelGraceMs }: WorkerStartOptions = {}) {
    this.#worker = new SerialWorker({ entry: 'colorize-worker', what: 'colorization', spawn, cancelGraceMs });
  }

  /**
   * Colorize `image` (its buffer is handed to the worker: do not use it afterwards). A photo too large for this
   * machine's memory is refused with E_IMAGE_TOO_LARGE before it reaches the worker.
   */
  async colorize(image: RgbImage, engine: ColorizeEngineSpec, options: ColorizeCallOptions = {}): Promise<RgbImage> {
    assertColorizeFits(image.width, image.height);
    return this.#worker.enqueue(options, (runId) => ({
      message: { type: 'run', runId, image, engine },
      transfer: transferables([image.data]),
      result: (reply) => (reply.type === 'done' ? { value: reply.image } : null),
    }));
  }

  /** Load and check a model now (it stays loaded for the next calls): an unusable model fails here. */
  load(engine: ModelEngineSpec, options: ColorizeCallOptions = {}): Promise<void> {
    return this.#worker.enqueue(options, (runId) => ({
      message: { type: 'load', runId, engine },
      transfer: [],
      result: (reply) => (reply.type === 'loaded' ? { value: undefined } : null),
    }));
  }

  /** End the worker (a call in flight fails with E_CANCELLED). A later call starts a fresh one. */
  close(): Promise<void> {
    return this.#worker.close();
  }
}
