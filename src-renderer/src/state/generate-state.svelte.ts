import type { KintsugiApi } from '../../../src-shared/api.js';
import type { GeneratedImage, Model } from '../../../src-shared/contract/index.js';
import { MAX_GENERATE_SEED } from '../../../src-shared/models/generate-limits.js';
import { CancellableJob } from './cancellable-job.svelte.js';
import type { TaskRunner } from './task-runner.js';
import type { ToastState } from './toast-state.svelte.js';

export type GenerateWork = 'sample' | 'interpolate' | 'save';

function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! % (MAX_GENERATE_SEED + 1);
}

/**
 * The Generate view: a GAN model, a grid of samples of a seed, a strip interpolating between two picked samples, and
 * the picks (from the grid or the strip) to save to the library.
 */
export class GenerateState {
  modelId = $state<number | null>(null);
  count = $state(16);
  seed = $state(randomSeed());
  frames = $state(8);
  samples = $state.raw<GeneratedImage[]>([]);
  strip = $state.raw<GeneratedImage[]>([]);
  /** Picked images by id, in the order they were picked. */
  picked = $state.raw<readonly number[]>([]);
  working = $state<GenerateWork | null>(null);
  /** A grid or a strip being generated: its progress and Cancel. */
  readonly job: CancellableJob;

  /** Picked grid samples: interpolation runs between the first two. */
  readonly pickedSamples = $derived(this.picked.flatMap((id) => this.samples.filter((s) => s.id === id)));

  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;
  readonly #toasts: ToastState;

  constructor(api: KintsugiApi, tasks: TaskRunner, toasts: ToastState) {
    this.#api = api;
    this.#tasks = tasks;
    this.#toasts = toasts;
    this.job = new CancellableJob(api, tasks, toasts);
  }

  /** Follows the progress of our own grid or strip; returns the teardown. */
  listen(): () => void {
    return this.job.listen();
  }

  rollSeed(): void {
    this.seed = randomSeed();
  }

  /** Keep the chosen model when it is still a GAN; otherwise take the default one (or the newest). */
  chooseFrom(gans: readonly Model[]): void {
    if (gans.some((m) => m.id === this.modelId)) return;
    this.modelId = (gans.find((m) => m.isDefault) ?? gans[0])?.id ?? null;
  }

  isPicked(id: number): boolean {
    return this.picked.includes(id);
  }

  togglePick(id: number): void {
    this.picked = this.isPicked(id) ? this.picked.filter((p) => p !== id) : [...this.picked, id];
  }

  clearPicks(): void {
    this.picked = [];
  }

  async generate(): Promise<void> {
    const modelId = this.modelId;
    if (modelId === null) return;
    const images = await this.#cancellable('sample', 'Generating images', (jobId) =>
      this.#api.invoke('generate.sample', { jobId, modelId, count: this.count, seed: this.seed }),
    );
    if (!images) return;
    // Picks from the strip stay; those of the old grid go with it.
    this.picked = this.picked.filter((id) => this.strip.some((f) => f.id === id));
    this.samples = images;
  }

  async interpolate(): Promise<void> {
    const [a, b] = this.pickedSamples;
    if (!a || !b) return;
    const frames = await this.#cancellable('interpolate', 'Interpolating', (jobId) =>
      this.#api.invoke('generate.interpolate', {
        jobId,
        modelId: a.modelId,
        seedA: a.seed,
        indexA: a.index,
        seedB: b.seed,
        indexB: b.index,
        frames: this.frames,
      }),
    );
    if (!frames) return;
    this.picked = this.picked.filter((id) => this.samples.some((s) => s.id === id));
    this.strip = frames;
  }

  async save(): Promise<void> {
    const ids = this.picked;
    if (ids.length === 0) return;
    const summary = await this.#work('save', 'Saving to the library', () => this.#api.invoke('generate.save', { ids: [...ids] }));
    if (!summary) return;
    const added = summary.imported.length;
    const already = summary.duplicates.length;
    this.#toasts.show(
      'success',
      `Saved ${added} image${added === 1 ? '' : 's'} to the library`,
      already > 0 ? `${already} ${already === 1 ? 'was' : 'were'} already there` : undefined,
    );
    this.picked = [];
  }

  /** A grid or a strip: run as a job with progress and Cancel; null when it failed (toast shown) or was cancelled. */
  async #cancellable<T>(work: GenerateWork, label: string, call: (jobId: string) => Promise<T>): Promise<T | null> {
    this.working = work;
    try {
      return await this.job.run(label, call);
    } finally {
      this.working = null;
    }
  }

  async #work<T>(work: GenerateWork, label: string, call: () => Promise<T>): Promise<T | undefined> {
    this.working = work;
    try {
      return await this.#tasks.run(label, call);
    } finally {
      this.working = null;
    }
  }
}
