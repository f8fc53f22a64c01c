import type { Worker } from 'node:worker_threads';
import type { EngineInfo, InpaintMode, Result } from '../../src-shared/contract/index.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import type { MasksService } from '../masks/masks-service.js';
import { InpaintEngineCatalog } from './inpaint-engines.js';
import { inpaintInWorker } from './inpaint-in-worker.js';
import type { ResultsService } from './results-service.js';

export interface InpaintRunRequest {
  jobId: string;
  imageId: number;
  /** The version to repair; undefined = the original. */
  resultId?: number | undefined;
  engine: string;
  mode: InpaintMode;
  seed: number;
}

export type ProgressListener = (fraction: number, stage: string) => void;

export interface InpaintServiceOptions {
  masks: MasksService;
  results: ResultsService;
  jobs: JobRegistry;
  /** The engines to offer; default: the embedded ones only. */
  engines?: InpaintEngineCatalog | undefined;
  /** How worker threads are started; tests swap in misbehaving ones. */
  spawnWorker?: (() => Worker) | undefined;
}

/**
 * Inpaint an image's saved mask on one of its versions. Decoding and encoding run on sharp's thread pool and the
 * engine in a worker thread, so the main thread only moves buffers; the answer is a pending result.
 */
export class InpaintService {
  readonly #masks: MasksService;
  readonly #results: ResultsService;
  readonly #jobs: JobRegistry;
  readonly #engines: InpaintEngineCatalog;
  readonly #spawnWorker: (() => Worker) | undefined;

  constructor(opts: InpaintServiceOptions) {
    this.#masks = opts.masks;
    this.#results = opts.results;
    this.#jobs = opts.jobs;
    this.#engines = opts.engines ?? new InpaintEngineCatalog({ backend: 'auto' });
    this.#spawnWorker = opts.spawnWorker;
  }

  engines(): Promise<EngineInfo[]> {
    return this.#engines.list();
  }

  /** Runs as job `jobId` (cancellable through the JobRegistry); a cancelled run writes nothing. */
  run(req: InpaintRunRequest, onProgress: ProgressListener = () => {}): Promise<Result> {
    return this.#jobs.run(req.jobId, async (signal) => {
      const engine = await this.#engines.choose(req.engine, req.mode);
      const spec = { imageId: req.imageId, resultId: req.resultId, operation: 'inpaint', engine: engine.info.id, params: { mode: req.mode, seed: req.seed, ...(engine.model ? { modelName: engine.info.name } : {}) } } as const;
      // The cheap checks first (the version exists, the image has a mask), then the slow decode.
      this.#results.versionFile(req.imageId, req.resultId);
      const mask = await this.#masks.holeMask(req.imageId);
      return this.#results.derive(
        spec,
        signal,
        (image) => {
          onProgress(0, 'starting the engine');
          return inpaintInWorker(
            { engine: engine.info.id, model: engine.model, mode: req.mode, seed: req.seed, image, mask },
            { signal, onProgress, spawn: this.#spawnWorker },
          );
        },
        onProgress,
      );
    });
  }
}
