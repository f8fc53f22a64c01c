import type { Worker } from 'node:worker_threads';
import { KintsugiError } from '../../src-shared/errors.js';
import type { ColorizeEngineSpec, ColorizeWorkerReply, ColorizeWorkerRequest } from '../../src-shared/workers/colorize-messages.js';
import type { RgbImage } from '../engines/inpaint/engine.js';
import { spawnWorker } from '../workers/spawn-worker.js';
import { transferables } from '../workers/transferables.js';

export interface ColorizeWorkerOptions {
  /** How the worker is started; tests swap in misbehaving workers. */
  spawn?: (() => Worker) | undefined;
  /** How long a cancelled run may take to stop by itself before its worker is terminated. */
  cancelGraceMs?: number | undefined;
}

export interface ColorizeCallOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((fraction: number, stage: string) => void) | undefined;
}

export type ModelEngineSpec = Extract<ColorizeEngineSpec, { kind: 'model' }>;

export const CANCEL_GRACE_MS = 2000;

function cancelled(): KintsugiError {
  return new KintsugiError('E_CANCELLED', 'Colorization was cancelled');
}

/** The call in flight on a worker: the only one its replies and its death concern. */
interface InFlight {
  worker: Worker;
  runId: number;
  onReply(reply: ColorizeWorkerReply): void;
  onGone(error: KintsugiError): void;
}

/**
 * One colorization worker thread (`colorize-worker`), kept alive across calls so its tfjs backend and its loaded
 * model serve every photo of a batch; calls run one at a time in order. A cancelled call posts `cancel` and, when
 * the engine does not stop within the grace period (reference transfer is not interruptible), the worker is
 * terminated; a crashed or terminated worker is replaced by a fresh one on the next call. An idle worker does not
 * keep the process alive (it is unref'd), and `close` ends it.
 */
export class ColorizeWorker {
  readonly #spawn: () => Worker;
  readonly #graceMs: number;
  #worker: Worker | null = null;
  #inFlight: InFlight | null = null;
  #tail: Promise<void> = Promise.resolve();
  #nextRunId = 1;

  constructor(options: ColorizeWorkerOptions = {}) {
    this.#spawn = options.spawn ?? (() => spawnWorker('colorize-worker'));
    this.#graceMs = options.cancelGraceMs ?? CANCEL_GRACE_MS;
  }

  /** Colorize `image` (its buffer is handed to the worker: do not use it afterwards). */
  colorize(image: RgbImage, engine: ColorizeEngineSpec, options: ColorizeCallOptions = {}): Promise<RgbImage> {
    return this.#enqueue(options, (runId) => ({
      message: { type: 'run', runId, image, engine },
      transfer: transferables([image.data]),
      result: (reply) => (reply.type === 'done' ? { value: reply.image } : null),
    }));
  }

  /** Load and check a model now (it stays loaded for the next calls): an unusable model fails here. */
  load(engine: ModelEngineSpec, options: ColorizeCallOptions = {}): Promise<void> {
    return this.#enqueue(options, (runId) => ({
      message: { type: 'load', runId, engine },
      transfer: [],
      result: (reply) => (reply.type === 'loaded' ? { value: undefined } : null),
    }));
  }

  /** End the worker (a call in flight fails with E_CANCELLED). A later call starts a fresh one. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    if (this.#inFlight?.worker === worker) this.#inFlight?.onGone(new KintsugiError('E_CANCELLED', 'Colorization was cancelled: the colorizer was closed'));
    await worker?.terminate();
  }

  /** Runs `call` after the calls before it; a call cancelled while it waits fails at once and never starts. */
  #enqueue<T>(options: ColorizeCallOptions, call: (runId: number) => Call<T>): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(cancelled());
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(cancelled());
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#tail = this.#tail.then(async () => {
        signal?.removeEventListener('abort', onAbort);
        if (signal?.aborted) return;
        try {
          resolve(await this.#dispatch(call(this.#nextRunId++), options));
        } catch (err) {
          reject(err);
        }
      });
    });
  }

  #dispatch<T>(call: Call<T>, { signal, onProgress }: ColorizeCallOptions): Promise<T> {
    const worker = this.#ensureWorker();
    const { runId } = call.message;
    return new Promise<T>((resolve, reject) => {
      let graceTimer: NodeJS.Timeout | undefined;
      const finish = (): void => {
        clearTimeout(graceTimer);
        signal?.removeEventListener('abort', onAbort);
        if (this.#inFlight?.runId === runId) this.#inFlight = null;
        worker.unref();
      };
      const onAbort = (): void => {
        worker.postMessage({ type: 'cancel', runId } satisfies ColorizeWorkerRequest);
        // The engine did not stop by itself: end the worker; its exit rejects this call as cancelled.
        graceTimer = setTimeout(() => this.#discard(worker), this.#graceMs);
      };
      this.#inFlight = {
        worker,
        runId,
        onReply: (reply) => {
          if (reply.type === 'progress') {
            onProgress?.(reply.fraction, reply.stage);
            return;
          }
          finish();
          if (reply.type === 'failed') {
            reject(KintsugiError.fromData(reply.error));
            return;
          }
          const result = call.result(reply);
          if (result) resolve(result.value);
          else reject(new KintsugiError('E_INTERNAL', `The colorization worker answered "${reply.type}" to a ${call.message.type} request`));
        },
        onGone: (error) => {
          finish();
          reject(signal?.aborted ? cancelled() : error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.ref();
      try {
        worker.postMessage(call.message, call.transfer);
      } catch (err) {
        finish();
        reject(err);
      }
    });
  }

  /** Stop using `worker` at once (the next call gets a fresh one) and end it. */
  #discard(worker: Worker): void {
    if (this.#worker === worker) this.#worker = null;
    void worker.terminate();
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = this.#spawn();
    const forThisWorker = (): InFlight | null => (this.#inFlight?.worker === worker ? this.#inFlight : null);
    worker.on('message', (reply: ColorizeWorkerReply) => {
      const call = forThisWorker();
      // A reply for an earlier, abandoned run (e.g. one that ended just as its worker was replaced) is dropped.
      if (call && reply.runId === call.runId) call.onReply(reply);
    });
    worker.on('error', (err) => {
      this.#discard(worker);
      forThisWorker()?.onGone(new KintsugiError('E_INTERNAL', `The colorization worker crashed: ${err.message}`));
    });
    worker.on('messageerror', (err) => {
      forThisWorker()?.onGone(new KintsugiError('E_INTERNAL', `The colorization worker sent an unreadable message: ${err.message}`));
    });
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#worker = null;
      forThisWorker()?.onGone(new KintsugiError('E_INTERNAL', `The colorization worker stopped before answering (exit code ${code})`));
    });
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}

/** One request and how its answer is recognised. */
interface Call<T> {
  message: Extract<ColorizeWorkerRequest, { type: 'run' | 'load' }>;
  transfer: ArrayBuffer[];
  result(reply: Exclude<ColorizeWorkerReply, { type: 'progress' | 'failed' }>): { value: T } | null;
}
