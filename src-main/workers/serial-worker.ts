import type { Worker } from 'node:worker_threads';
import { KintsugiError, type ErrorData } from '../../src-shared/errors.js';
import { spawnWorker, type WorkerEntry } from './spawn-worker.js';

/** Every request and reply of a serial worker names the call it belongs to. */
export interface RunMessage {
  type: string;
  runId: number;
}

/** Asks a serial worker to stop a run by itself (`serveRuns` aborts that run's signal). */
export type CancelMessage = { type: 'cancel'; runId: number };

/** The replies every serial worker may send besides its answers. */
export type ProgressReply = { type: 'progress'; runId: number; fraction: number; stage: string };
export type FailedReply = { type: 'failed'; runId: number; error: ErrorData };

/** Engines stop at their next check, well within this after a cancel. */
export const CANCEL_GRACE_MS = 2000;

/** How a worker is started and how long a cancelled run may take; tests swap in misbehaving workers and short waits. */
export interface WorkerStartOptions {
  /** Starts the worker thread; by default the `entry` worker. */
  spawn?: (() => Worker) | undefined;
  /** How long a cancelled run may take to stop by itself before its worker is terminated (default CANCEL_GRACE_MS). */
  cancelGraceMs?: number | undefined;
}

export interface SerialWorkerOptions extends WorkerStartOptions {
  entry: WorkerEntry;
  /** Names the worker in errors: "The <what> worker crashed…", "<What> was cancelled". */
  what: string;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((fraction: number, stage: string) => void) | undefined;
}

/** One request and how its answer is recognised. */
export interface Call<Req extends RunMessage, Answer extends RunMessage, T> {
  message: Req;
  transfer: ArrayBuffer[];
  result(reply: Answer): { value: T } | null;
}

/** The call in flight on a worker: the only one its replies and its death concern. */
interface InFlight<Answer extends RunMessage> {
  worker: Worker;
  runId: number;
  onReply(reply: Answer | ProgressReply | FailedReply): void;
  onGone(error: KintsugiError): void;
}

function isProgress(reply: RunMessage): reply is ProgressReply {
  return reply.type === 'progress';
}

function isFailed(reply: RunMessage): reply is FailedReply {
  return reply.type === 'failed';
}

/**
 * One worker thread kept alive across calls, so what it loads (a tfjs backend, a model) serves every call; calls run
 * one at a time in order. A cancelled call posts the cancel message and, when the run does not stop within the grace
 * period, the worker is terminated; a crashed or terminated worker is replaced by a fresh one on the next call. An idle
 * worker does not keep the process alive (it is unref'd), and `close` ends it.
 */
export class SerialWorker<Req extends RunMessage, Answer extends RunMessage> {
  readonly #options: SerialWorkerOptions;
  #worker: Worker | null = null;
  #inFlight: InFlight<Answer> | null = null;
  #tail: Promise<void> = Promise.resolve();
  #nextRunId = 1;

  constructor(options: SerialWorkerOptions) {
    this.#options = options;
  }

  /** The error a cancelled call fails with ("Inpainting was cancelled"). */
  #cancelled(): KintsugiError {
    const { what } = this.#options;
    return new KintsugiError('E_CANCELLED', `${what.charAt(0).toUpperCase()}${what.slice(1)} was cancelled`);
  }

  /** Whether a worker thread is running now (what it loaded is still loaded). */
  get started(): boolean {
    return this.#worker !== null;
  }

  /** Runs `call` after the calls before it; a call cancelled while it waits fails at once and never starts. */
  enqueue<T>(options: CallOptions, call: (runId: number) => Call<Req, Answer, T>): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(this.#cancelled());
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(this.#cancelled());
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

  /** End the worker (a call in flight fails with E_CANCELLED). A later call starts a fresh one. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    if (this.#inFlight?.worker === worker) {
      this.#inFlight?.onGone(new KintsugiError('E_CANCELLED', `${this.#cancelled().message}: the ${this.#options.what} worker was closed`));
    }
    await worker?.terminate();
  }

  #dispatch<T>(call: Call<Req, Answer, T>, { signal, onProgress }: CallOptions): Promise<T> {
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
        worker.postMessage({ type: 'cancel', runId } satisfies CancelMessage);
        // The run did not stop by itself: end the worker; its exit rejects this call as cancelled.
        graceTimer = setTimeout(() => this.#discard(worker), this.#options.cancelGraceMs ?? CANCEL_GRACE_MS);
      };
      this.#inFlight = {
        worker,
        runId,
        onReply: (reply) => {
          if (isProgress(reply)) {
            onProgress?.(reply.fraction, reply.stage);
            return;
          }
          finish();
          if (isFailed(reply)) {
            reject(KintsugiError.fromData(reply.error));
            return;
          }
          const result = call.result(reply);
          if (result) resolve(result.value);
          else reject(new KintsugiError('E_INTERNAL', `The ${this.#options.what} worker answered "${reply.type}" to a ${call.message.type} request`));
        },
        onGone: (error) => {
          finish();
          reject(signal?.aborted ? this.#cancelled() : error);
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
    const worker = this.#options.spawn?.() ?? spawnWorker(this.#options.entry);
    const { what } = this.#options;
    const forThisWorker = (): InFlight<Answer> | null => (this.#inFlight?.worker === worker ? this.#inFlight : null);
    worker.on('message', (reply: Answer | ProgressReply | FailedReply) => {
      const call = forThisWorker();
      // A reply for an earlier, abandoned run (e.g. one that ended just as its worker was replaced) is dropped.
      if (call && reply.runId === call.runId) call.onReply(reply);
    });
    worker.on('error', (err) => {
      this.#discard(worker);
      forThisWorker()?.onGone(new KintsugiError('E_INTERNAL', `The ${what} worker crashed: ${err.message}`));
    });
    worker.on('messageerror', (err) => {
      forThisWorker()?.onGone(new KintsugiError('E_INTERNAL', `The ${what} worker sent an unreadable message: ${err.message}`));
    });
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#worker = null;
      forThisWorker()?.onGone(new KintsugiError('E_INTERNAL', `The ${what} worker stopped before answering (exit code ${code})`));
    });
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}
