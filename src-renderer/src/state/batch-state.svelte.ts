import type { KintsugiApi } from '../../../src-shared/api.js';
import type { BatchItem, BatchJob, BatchProgress } from '../../../src-shared/contract/index.js';
import { isInterrupted } from '../lib/batch-actions.js';
import { whileBusy } from '../lib/busy-ids.js';
import { frameBatcher } from '../lib/frame-batcher.js';
import { plural } from '../lib/format.js';
import { BatchFormState } from './batch-form-state.svelte.js';
import { BatchItemsState } from './batch-items-state.svelte.js';
import type { TaskRunner } from './task-runner.js';
import type { ToastState } from './toast-state.svelte.js';

/** What progress events say about a running job beyond its record. */
export type BatchLive = Pick<BatchProgress, 'imagesPerMinute' | 'etaSeconds' | 'current'>;

/** Results shown at once; more load on demand, so a job of thousands of files costs nothing up front. */
const GALLERY_PAGE = 48;
const PROBLEMS_PAGE = 100;

/**
 * Batch jobs: the list, the one selected with its results and problems, and the calls that steer a job. Jobs run in
 * the main process and report by events; those are folded into at most one update per frame, so a fast batch does
 * not re-render the view for every file.
 */
export class BatchState {
  jobs = $state.raw<BatchJob[]>([]);
  loaded = $state(false);
  /** The job shown; null = the New batch form. */
  selectedId = $state<number | null>(null);
  live = $state.raw<ReadonlyMap<number, BatchLive>>(new Map());
  /** Jobs with a pause/resume/cancel/retry/remove call in flight. */
  busy = $state.raw<ReadonlySet<number>>(new Set());

  readonly form: BatchFormState;
  /** The selected job's finished results, for the gallery. */
  readonly results: BatchItemsState;
  /** The selected job's failed and skipped files, with their reasons. */
  readonly problems: BatchItemsState;

  /** Events since the last frame: the newest progress per job, and the files that finished. */
  #progress = new Map<number, BatchProgress>();
  #finished: BatchItem[] = [];
  readonly #flush = frameBatcher(() => this.#applyEvents());
  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;
  readonly #toasts: ToastState;

  constructor(api: KintsugiApi, tasks: TaskRunner, toasts: ToastState) {
    this.#api = api;
    this.#tasks = tasks;
    this.#toasts = toasts;
    this.form = new BatchFormState(api, tasks);
    this.results = new BatchItemsState(api, tasks, ['done'], GALLERY_PAGE);
    this.problems = new BatchItemsState(api, tasks, ['failed', 'skipped'], PROBLEMS_PAGE);
  }

  get selected(): BatchJob | null {
    return this.jobs.find((j) => j.id === this.selectedId) ?? null;
  }

  /** Jobs the app was closed (or crashed) in the middle of: offered for resume. */
  get interrupted(): BatchJob[] {
    return this.jobs.filter(isInterrupted);
  }

  listen(): () => void {
    const offs = [
      this.#api.on('batch.progress', (p) => {
        this.#progress.set(p.jobId, p);
        this.#flush.schedule();
      }),
      this.#api.on('batch.itemFinished', (item) => {
        this.#finished.push(item);
        this.#flush.schedule();
      }),
      // Status changes are few and matter at once (the buttons follow them).
      this.#api.on('batch.changed', (job) => this.#changed(job)),
    ];
    return () => {
      offs.forEach((off) => off());
      this.#flush.cancel();
    };
  }

  /** Reloads the list, and the selected job's files (events may have been missed while the link was down). */
  async refresh(): Promise<void> {
    const jobs = await this.#tasks.run('Listing the batch jobs', () => this.#api.invoke('batch.list', {}), { quiet: true });
    if (!jobs) return;
    this.jobs = jobs;
    this.loaded = true;
    if (this.selectedId !== null && !jobs.some((j) => j.id === this.selectedId)) await this.select(null);
    else if (this.selectedId !== null) await this.#loadFiles(this.selectedId);
  }

  /** Shows a job with its results and problems, or the New batch form (null). */
  async select(id: number | null): Promise<void> {
    if (id === this.selectedId) return;
    this.selectedId = id;
    await this.#loadFiles(id);
  }

  async create(): Promise<void> {
    const created = await this.form.create();
    if (!created) return;
    const { job, resumed } = created;
    this.#changed(job);
    if (resumed) {
      this.#toasts.show('info', 'Continued an unfinished batch', `“${job.name}” has the same settings: its finished files are kept, failed ones are tried again.`);
    }
    if (this.selectedId === job.id) await this.#loadFiles(job.id);
    else await this.select(job.id);
  }

  pause(id: number): Promise<void> {
    return this.#steer(id, 'Pausing the batch', () => this.#api.invoke('batch.pause', { jobId: id }));
  }

  resume(id: number): Promise<void> {
    return this.#steer(id, 'Resuming the batch', () => this.#api.invoke('batch.resume', { jobId: id }));
  }

  cancel(id: number): Promise<void> {
    return this.#steer(id, 'Cancelling the batch', () => this.#api.invoke('batch.cancel', { jobId: id }));
  }

  async retryFailed(id: number): Promise<void> {
    await this.#steer(id, 'Retrying the failed files', () => this.#api.invoke('batch.retryFailed', { jobId: id }));
    // The failed files are pending again: they leave the problem list until they fail anew.
    if (id === this.selectedId) await this.problems.load(id);
  }

  async remove(id: number): Promise<void> {
    const name = this.jobs.find((j) => j.id === id)?.name ?? `Batch ${id}`;
    const answer = await whileBusy(this, id, () => this.#tasks.run('Removing the batch', () => this.#api.invoke('batch.remove', { jobId: id })));
    if (!answer) return;
    this.jobs = this.jobs.filter((j) => j.id !== id);
    if (this.selectedId === id) await this.select(null);
    this.#toasts.show('success', 'Batch removed', `${name}. The files it wrote stay in the output folder.`);
  }

  async exportLog(id: number, path: string, format: 'csv' | 'json', overwrite: boolean): Promise<boolean> {
    const written = await this.#tasks.run('Exporting the log', () => this.#api.invoke('batch.exportLog', { jobId: id, path, format, overwrite }));
    if (!written) return false;
    this.#toasts.show('success', 'Log exported', `${plural(written.entries, 'file')} listed in ${written.path}`);
    return true;
  }

  async #loadFiles(id: number | null): Promise<void> {
    await Promise.all([this.results.load(id), this.problems.load(id)]);
  }

  async #steer(id: number, label: string, call: () => Promise<BatchJob>): Promise<void> {
    const job = await whileBusy(this, id, () => this.#tasks.run(label, call));
    if (job) this.#changed(job);
  }

  #applyEvents(): void {
    if (this.#progress.size > 0) {
      const progress = this.#progress;
      this.#progress = new Map();
      this.jobs = this.jobs.map((job) => {
        const p = progress.get(job.id);
        return p ? { ...job, status: p.status, counts: p.counts } : job;
      });
      const live = new Map(this.live);
      for (const p of progress.values()) {
        if (p.status === 'running') live.set(p.jobId, { imagesPerMinute: p.imagesPerMinute, etaSeconds: p.etaSeconds, current: p.current });
        else live.delete(p.jobId);
      }
      this.live = live;
    }
    if (this.#finished.length > 0) {
      const finished = this.#finished;
      this.#finished = [];
      this.results.add(finished);
      this.problems.add(finished);
    }
  }

  /** A job's new record: replaced in place, or added at the top (jobs are newest first). */
  #changed(job: BatchJob): void {
    const known = this.jobs.find((j) => j.id === job.id);
    // An answer can arrive after the events it caused (a job that fails at once): an older state never wins.
    if (known && known.updatedAt > job.updatedAt) return;
    this.jobs = known ? this.jobs.map((j) => (j.id === job.id ? job : j)) : [job, ...this.jobs];
    if (job.status !== 'running' && this.live.has(job.id)) {
      const live = new Map(this.live);
      live.delete(job.id);
      this.live = live;
    }
  }
}
