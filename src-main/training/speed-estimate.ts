import { TrainingConfigSchema, type TrainingEstimate, type TrainingEstimateRequest } from '../../src-shared/contract/training.js';
import { KintsugiError } from '../../src-shared/errors.js';
import type { TrainingReply } from '../../src-shared/workers/training-messages.js';
import { forkTrainingProcess } from '../workers/fork-training-process.js';
import type { TrainingProcess } from './training-process-link.js';

/** A run's default length is sized for this much wall time. */
const TARGET_SECONDS = 600;
/** Backend load, network build, warm-up and timed steps; a 256 px step on the pure-JS backend takes minutes. */
const TIMEOUT_MS = 180_000;

export interface SpeedEstimatorOptions {
  /** Starts a training process; tests may pass another. */
  fork?: () => TrainingProcess;
  /** True while a run trains: it would share the CPU with the measurement, and both would be wrong. */
  busy: () => boolean;
}

/**
 * How fast training runs here, measured rather than assumed (issue 16: a native backend trains several times faster
 * than WASM, so fixed defaults fit no machine). A training process times a few steps of the kind's real networks
 * on the backend a run with the same preference would get; answers are kept for the life of the app, per kind,
 * size, batch and preference.
 */
export class SpeedEstimator {
  readonly #fork: () => TrainingProcess;
  readonly #busy: () => boolean;
  readonly #cache = new Map<string, Promise<TrainingEstimate>>();

  constructor(opts: SpeedEstimatorOptions) {
    this.#fork = opts.fork ?? forkTrainingProcess;
    this.#busy = opts.busy;
  }

  estimate(req: TrainingEstimateRequest): Promise<TrainingEstimate> {
    const key = `${req.kind}:${req.size}:${req.batchSize}:${req.backend}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    if (this.#busy()) return Promise.reject(new KintsugiError('E_BUSY', 'A training run is using the processor; estimate the speed when it has ended'));
    const measured = this.#measure(req);
    this.#cache.set(key, measured);
    // A failure is not kept: the next request measures again.
    measured.catch(() => this.#cache.delete(key));
    return measured;
  }

  #measure(req: TrainingEstimateRequest): Promise<TrainingEstimate> {
    // Every other setting at its default; the data folder is not read (the crops are synthetic).
    const config = TrainingConfigSchema.parse({ kind: req.kind, size: req.size, batchSize: req.batchSize, backend: req.backend, dataFolder: '/' });
    const child = this.#fork();
    return new Promise<TrainingEstimate>((resolve, reject) => {
      let output = '';
      for (const stream of [child.stdout, child.stderr]) stream?.on('data', (chunk: Buffer | string) => (output = (output + String(chunk)).slice(-2000)));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new KintsugiError('E_INTERNAL', `Measuring the training speed took over ${TIMEOUT_MS / 1000} s`));
      }, TIMEOUT_MS);
      child.on('message', (reply: TrainingReply) => {
        if (reply.type === 'measured') {
          clearTimeout(timer);
          const secondsPerStep = Math.max(reply.secondsPerStep, 1e-6);
          resolve({
            backend: reply.backend.active ?? 'unknown',
            secondsPerStep,
            tenMinuteSteps: Math.max(100, Math.round(TARGET_SECONDS / secondsPerStep / 100) * 100),
          });
        } else if (reply.type === 'failed') {
          clearTimeout(timer);
          reject(KintsugiError.fromData(reply.error));
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new KintsugiError('E_INTERNAL', `The measuring process ended (${signal ?? `code ${code}`}) without an answer: ${output.trim().slice(-300)}`));
      });
      child.send({ type: 'measure', config });
    });
  }
}
