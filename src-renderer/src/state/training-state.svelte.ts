import type { KintsugiApi } from '../../../src-shared/api.js';
import type { LossPoint, TrainingRun, ValidationPoint } from '../../../src-shared/contract/index.js';
import { whileBusy } from '../lib/busy-ids.js';
import { SeriesBuffer, type SeriesRow } from '../lib/series-buffer.js';
import { TrainingFormState } from './training-form-state.svelte.js';
import type { TaskRunner } from './task-runner.js';
import type { ToastState } from './toast-state.svelte.js';

/** What progress events say about a live run beyond its record. */
export interface LiveProgress {
  etaSeconds: number | null;
}

/** Chart columns: G adversarial, D, G L1 (last, so a GAN's chart, which has no L1, can leave the column out). */
export function lossRow(p: LossPoint): SeriesRow {
  return { step: p.step, values: [p.gAdv, p.d, p.gL1] };
}

/** Chart columns: PSNR, SSIM, L1. */
export function validationRow(p: ValidationPoint): SeriesRow {
  return { step: p.step, values: [p.psnr, p.ssim, p.l1] };
}

/**
 * Training runs: the list, the one selected with its curves, and the calls that steer a run. Runs live in their own
 * process and report by events; this keeps the list and the selected run's charts current from them.
 */
export class TrainingState {
  runs = $state.raw<TrainingRun[]>([]);
  loaded = $state(false);
  /** The run shown; null = the New run form. */
  selectedId = $state<number | null>(null);
  live = $state.raw<ReadonlyMap<number, LiveProgress>>(new Map());
  /** Runs with a pause/resume/stop/remove call in flight. */
  busy = $state.raw<ReadonlySet<number>>(new Set());
  metricsLoading = $state(false);

  /** The selected run's curves; charts pull from these, so points never go through Svelte's reactivity. */
  readonly losses = new SeriesBuffer(3);
  readonly validation = new SeriesBuffer(3);
  readonly form: TrainingFormState;

  /** Points that arrived while the history was loading, merged once it is there. */
  #queuedLosses: SeriesRow[] = [];
  #queuedValidation: SeriesRow[] = [];
  #selectToken = 0;
  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;
  readonly #toasts: ToastState;

  constructor(api: KintsugiApi, tasks: TaskRunner, toasts: ToastState) {
    this.#api = api;
    this.#tasks = tasks;
    this.#toasts = toasts;
    this.form = new TrainingFormState(api, tasks);
  }

  get selected(): TrainingRun | null {
    return this.runs.find((r) => r.id === this.selectedId) ?? null;
  }

  listen(): () => void {
    const offs = [
      this.#api.on('training.progress', (p) => {
        this.#patch(p.runId, (run) => ({ ...run, step: p.step, totalSteps: p.totalSteps, lastLosses: p.losses }));
        this.live = new Map(this.live).set(p.runId, { etaSeconds: p.etaSeconds });
        if (p.runId === this.selectedId) this.#addPoint(this.losses, this.#queuedLosses, lossRow(p.losses));
      }),
      this.#api.on('training.validation', (p) => {
        const { runId, ...point } = p;
        this.#patch(runId, (run) => ({ ...run, lastValidation: point }));
        if (runId === this.selectedId) this.#addPoint(this.validation, this.#queuedValidation, validationRow(point));
      }),
      this.#api.on('training.preview', (p) => this.#patch(p.runId, (run) => ({ ...run, previewStep: p.step }))),
      this.#api.on('training.changed', (run) => this.#changed(run)),
    ];
    return () => {
      offs.forEach((off) => off());
      this.form.dispose();
    };
  }

  /** Reloads the list (and the selected run's curves, which may have moved on while events could not arrive). */
  async refresh(): Promise<void> {
    const runs = await this.#tasks.run('Listing the training runs', () => this.#api.invoke('training.list', {}), { quiet: true });
    if (!runs) return;
    this.runs = runs;
    this.loaded = true;
    if (this.selectedId !== null && !runs.some((r) => r.id === this.selectedId)) this.selectedId = null;
    else if (this.selectedId !== null) await this.#loadMetrics(this.selectedId);
  }

  /** Shows a run with its whole history, or the New run form (null). */
  async select(id: number | null): Promise<void> {
    if (id === this.selectedId) return;
    this.selectedId = id;
    this.losses.clear();
    this.validation.clear();
    if (id !== null) await this.#loadMetrics(id);
  }

  async start(): Promise<void> {
    const run = await this.form.start();
    if (!run) return;
    this.#changed(run);
    await this.select(run.id);
  }

  pause(id: number): Promise<void> {
    return this.#steer(id, 'Pausing the run', () => this.#api.invoke('training.pause', { runId: id }));
  }

  resume(id: number): Promise<void> {
    return this.#steer(id, 'Resuming the run', () => this.#api.invoke('training.resume', { runId: id }));
  }

  stop(id: number): Promise<void> {
    return this.#steer(id, 'Stopping the run', () => this.#api.invoke('training.stop', { runId: id }));
  }

  async remove(id: number): Promise<void> {
    const name = this.runs.find((r) => r.id === id)?.name ?? `Run ${id}`;
    const answer = await whileBusy(this, id, () => this.#tasks.run('Removing the run', () => this.#api.invoke('training.remove', { runId: id })));
    if (!answer) return;
    this.runs = this.runs.filter((r) => r.id !== id);
    if (this.selectedId === id) await this.select(null);
    this.#toasts.show('success', 'Run removed', `${name}. Its model, if it made one, stays in Models.`);
  }

  async #steer(id: number, label: string, call: () => Promise<TrainingRun>): Promise<void> {
    const run = await whileBusy(this, id, () => this.#tasks.run(label, call));
    if (run) this.#changed(run);
  }

  async #loadMetrics(id: number): Promise<void> {
    const token = ++this.#selectToken;
    this.#queuedLosses = [];
    this.#queuedValidation = [];
    this.metricsLoading = true;
    try {
      const metrics = await this.#tasks.run('Loading the run’s curves', () => this.#api.invoke('training.metrics', { runId: id }), { quiet: true });
      // A later selection wins over a slow answer for an earlier one.
      if (token !== this.#selectToken || !metrics) return;
      this.losses.replace(metrics.losses.map(lossRow));
      this.validation.replace(metrics.validation.map(validationRow));
      for (const row of this.#queuedLosses) this.losses.appendIfNewer(row);
      for (const row of this.#queuedValidation) this.validation.appendIfNewer(row);
    } finally {
      if (token === this.#selectToken) {
        this.metricsLoading = false;
        this.#queuedLosses = [];
        this.#queuedValidation = [];
      }
    }
  }

  #addPoint(buffer: SeriesBuffer, queue: SeriesRow[], row: SeriesRow): void {
    if (this.metricsLoading) queue.push(row);
    else buffer.append(row);
  }

  /** A run's new record: replaced in place, or added at the top (runs are newest first). */
  #changed(run: TrainingRun): void {
    this.runs = this.runs.some((r) => r.id === run.id) ? this.runs.map((r) => (r.id === run.id ? run : r)) : [run, ...this.runs];
    if (run.status !== 'running' && this.live.has(run.id)) {
      const live = new Map(this.live);
      live.delete(run.id);
      this.live = live;
    }
  }

  #patch(id: number, change: (run: TrainingRun) => TrainingRun): void {
    if (this.runs.some((r) => r.id === id)) this.runs = this.runs.map((r) => (r.id === id ? change(r) : r));
  }
}
