import type { Worker } from 'node:worker_threads';
import type { InpaintMode } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import type { InpaintWorkerReply, InpaintWorkerRequest, LearnedInpaintSpec } from '../../src-shared/workers/inpaint-messages.js';
import type { HoleMask, RgbImage } from '../engines/inpaint/engine.js';
import { spawnWorker } from '../workers/spawn-worker.js';
import { transferables } from '../workers/transferables.js';

export interface WorkerInpaintRequest {
  engine: string;
  /** For a learned engine (`model-<id>`): where its model is (see InpaintEngineCatalog.choose). */
  model?: LearnedInpaintSpec;
  mode: InpaintMode;
  seed: number;
  /** Handed to the worker as transferables: the caller must not use these buffers afterwards. */
  image: RgbImage;
  mask: HoleMask;
}

export interface WorkerInpaintOptions {
  signal?: AbortSignal;
  onProgress?: (fraction: number, stage: string) => void;
  /** How the worker is started; tests swap in misbehaving workers. */
  spawn?: () => Worker;
  /** How long a cancelled worker may take to stop by itself before it is terminated. */
  cancelGraceMs?: number;
}

export const CANCEL_GRACE_MS = 2000;

function cancelled(): KintsugiError {
  return new KintsugiError('E_CANCELLED', 'Inpainting was cancelled');
}

/**
 * Run one inpainting request in a fresh worker thread (`inpaint-worker`) and answer with the repaired image.
 * Cancelling posts `cancel` (the engine stops at its next check); a worker still busy after the grace period is
 * terminated. Either way the promise rejects with E_CANCELLED. A worker that crashes or exits without an answer
 * rejects with E_INTERNAL and takes nothing else down.
 */
export function inpaintInWorker(request: WorkerInpaintRequest, options: WorkerInpaintOptions = {}): Promise<RgbImage> {
  const { signal, onProgress } = options;
  if (signal?.aborted) return Promise.reject(cancelled());
  const worker = (options.spawn ?? (() => spawnWorker('inpaint-worker')))();

  return new Promise<RgbImage>((resolve, reject) => {
    let settled = false;
    let graceTimer: NodeJS.Timeout | undefined;

    const settle = (outcome: { image: RgbImage } | { error: Error }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(graceTimer);
      signal?.removeEventListener('abort', onAbort);
      // The worker serves one run; ending it here frees its memory at once instead of at the next GC.
      void worker.terminate();
      if ('image' in outcome) resolve(outcome.image);
      else reject(outcome.error);
    };

    function onAbort(): void {
      worker.postMessage({ type: 'cancel' } satisfies InpaintWorkerRequest);
      graceTimer = setTimeout(() => settle({ error: cancelled() }), options.cancelGraceMs ?? CANCEL_GRACE_MS);
    }

    worker.on('message', (message: InpaintWorkerReply) => {
      if (message.type === 'progress') onProgress?.(message.fraction, message.stage);
      else if (message.type === 'done') settle({ image: message.image });
      else settle({ error: KintsugiError.fromData(message.error) });
    });
    worker.on('error', (err) => {
      settle({ error: new KintsugiError('E_INTERNAL', `The inpainting worker crashed: ${err.message}`) });
    });
    worker.on('messageerror', (err) => {
      settle({ error: new KintsugiError('E_INTERNAL', `The inpainting worker sent an unreadable message: ${err.message}`) });
    });
    worker.on('exit', (code) => {
      // Reached only when the worker ended before answering (settle terminates it after an answer).
      settle({
        error: signal?.aborted
          ? cancelled()
          : new KintsugiError('E_INTERNAL', `The inpainting worker stopped before answering (exit code ${code})`),
      });
    });
    signal?.addEventListener('abort', onAbort, { once: true });

    const run: InpaintWorkerRequest = { type: 'run', ...request };
    try {
      worker.postMessage(run, transferables([request.image.data, request.mask]));
    } catch (err) {
      settle({ error: err instanceof Error ? err : new Error(String(err)) });
    }
  });
}
