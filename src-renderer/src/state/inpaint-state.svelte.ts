import type { KintsugiApi } from '../../../src-shared/api.js';
import type { EngineInfo, InpaintMode, Result } from '../../../src-shared/contract/index.js';
import { toKintsugiError } from '../api/invoke-result.js';
import { makeJobId } from '../lib/job-id.js';
import type { TaskRunner } from './task-runner.js';
import type { ToastState } from './toast-state.svelte.js';

export interface JobProgress {
  /** 0–1. */
  fraction: number;
  stage: string;
}

export const DEFAULT_ENGINE = 'patchmatch';
export const MAX_SEED = 2 ** 31 - 1;

/** What the next run is asked for. */
export interface InpaintRequest {
  imageId: number;
  /** The version to repair; undefined = the original. */
  resultId: number | undefined;
}

/** The inpainting engines, the panel's choices and the one job that may run at a time, with its progress. */
export class InpaintState {
  engines = $state.raw<EngineInfo[]>([]);
  engine = $state(DEFAULT_ENGINE);
  mode = $state<InpaintMode>('fill');
  seed = $state(1);
  running = $state(false);
  progress = $state.raw<JobProgress | null>(null);

  #jobId: string | null = null;
  #enginesLoaded = false;
  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;
  readonly #toasts: ToastState;

  constructor(api: KintsugiApi, tasks: TaskRunner, toasts: ToastState) {
    this.#api = api;
    this.#tasks = tasks;
    this.#toasts = toasts;
  }

  /** The engine chosen now, when the list is loaded. */
  get engineInfo(): EngineInfo | undefined {
    return this.engines.find((e) => e.id === this.engine);
  }

  /** Progress events of our job only: other windows may run jobs too. */
  listen(): () => void {
    return this.#api.on('job.progress', (p) => {
      if (p.jobId === this.#jobId) this.progress = { fraction: p.fraction, stage: p.stage };
    });
  }

  async loadEngines(): Promise<void> {
    if (this.#enginesLoaded) return;
    const engines = await this.#tasks.run('Listing the inpainting engines', () => this.#api.invoke('inpaint.engines', {}), { quiet: true });
    if (!engines) return;
    this.#enginesLoaded = true;
    this.engines = engines;
    if (!engines.some((e) => e.id === this.engine)) this.engine = engines[0]?.id ?? DEFAULT_ENGINE;
    this.#fitMode();
  }

  setEngine(id: string): void {
    this.engine = id;
    this.#fitMode();
  }

  randomSeed(): void {
    this.seed = crypto.getRandomValues(new Uint32Array(1))[0]! % (MAX_SEED + 1);
  }

  /**
   * Runs the chosen engine on the saved mask; resolves to the pending result, or null when it failed (toast shown)
   * or was cancelled (a note shown).
   */
  async run(request: InpaintRequest): Promise<Result | null> {
    if (this.running) return null;
    const jobId = makeJobId('inpaint');
    this.#jobId = jobId;
    this.running = true;
    this.progress = { fraction: 0, stage: 'Starting' };
    try {
      return await this.#api.invoke('inpaint.run', {
        jobId,
        imageId: request.imageId,
        ...(request.resultId !== undefined ? { resultId: request.resultId } : {}),
        engine: this.engine,
        mode: this.mode,
        seed: this.seed,
      });
    } catch (err) {
      const e = toKintsugiError(err);
      if (e.code === 'E_CANCELLED') this.#toasts.show('info', 'Inpainting cancelled');
      else this.#tasks.report(e, 'Inpainting');
      return null;
    } finally {
      this.#jobId = null;
      this.running = false;
      this.progress = null;
    }
  }

  async cancel(): Promise<void> {
    const jobId = this.#jobId;
    if (!jobId) return;
    this.progress = { fraction: this.progress?.fraction ?? 0, stage: 'Cancelling' };
    await this.#tasks.run('Cancelling', () => this.#api.invoke('jobs.cancel', { jobId }), { quiet: true });
  }

  /** An engine that cannot do the chosen mode switches to one it can. */
  #fitMode(): void {
    const modes = this.engineInfo?.modes;
    if (modes && modes.length > 0 && !modes.includes(this.mode)) this.mode = modes[0]!;
  }
}
