import type { KintsugiApi } from '../../../src-shared/api.js';
import { toKintsugiError } from '../api/invoke-result.js';
import { remainingSeconds } from '../lib/eta.js';
import { makeJobId } from '../lib/job-id.js';
import type { TaskRunner } from './task-runner.js';
import type { ToastState } from './toast-state.svelte.js';

export interface JobProgress {
  /** 0–1. */
  fraction: number;
  stage: string;
  /** Seconds still needed at the pace so far; null until the pace is known. */
  etaSeconds: number | null;
}

/**
 * One long operation at a time for a view (the editor's inpainting or colorization; the Generate view's sampling),
 * with its progress events and its cancel. Every panel shows and cancels it the same way (JobProgress); only the
 * call that starts it differs.
 */
export class CancellableJob {
  running = $state(false);
  progress = $state.raw<JobProgress | null>(null);
  /** What runs, in the user's words ("Inpainting"), while `running`. */
  label = $state<string | null>(null);

  #jobId: string | null = null;
  #startedAt = 0;
  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;
  readonly #toasts: ToastState;

  constructor(api: KintsugiApi, tasks: TaskRunner, toasts: ToastState) {
    this.#api = api;
    this.#tasks = tasks;
    this.#toasts = toasts;
  }

  /** Progress events of our job only: other windows may run jobs too. */
  listen(): () => void {
    return this.#api.on('job.progress', (p) => {
      if (p.jobId !== this.#jobId) return;
      this.progress = { fraction: p.fraction, stage: p.stage, etaSeconds: remainingSeconds(performance.now() - this.#startedAt, p.fraction) };
    });
  }

  /**
   * Runs `work` under a fresh job id; resolves to its answer, or null when another job is running, it failed (toast
   * shown) or it was cancelled (a note shown).
   */
  async run<T>(label: string, work: (jobId: string) => Promise<T>): Promise<T | null> {
    if (this.running) return null;
    const jobId = makeJobId(label.toLowerCase().replace(/[^a-z]/g, '') || 'job');
    this.#jobId = jobId;
    this.running = true;
    this.label = label;
    this.#startedAt = performance.now();
    this.progress = { fraction: 0, stage: 'starting', etaSeconds: null };
    try {
      return await work(jobId);
    } catch (err) {
      const e = toKintsugiError(err);
      if (e.code === 'E_CANCELLED') this.#toasts.show('info', this.#tasks.t('job.cancelled', { task: label }));
      else this.#tasks.report(e, label);
      return null;
    } finally {
      this.#jobId = null;
      this.running = false;
      this.label = null;
      this.progress = null;
    }
  }

  async cancel(): Promise<void> {
    const jobId = this.#jobId;
    if (!jobId) return;
    this.progress = { fraction: this.progress?.fraction ?? 0, stage: 'cancelling', etaSeconds: null };
    await this.#tasks.run(this.#tasks.t('task.cancelling'), () => this.#api.invoke('jobs.cancel', { jobId }), { quiet: true });
  }
}
