import type { KintsugiApi } from '../../../src-shared/api.js';
import type { ImageDetails, Result } from '../../../src-shared/contract/index.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import type { ViewTransform } from '../canvas/view-transform.js';
import { decodeImage } from '../lib/decode-image.js';
import { ColorizeState } from './colorize-state.svelte.js';
import { CancellableJob } from './cancellable-job.svelte.js';
import type { EditTarget } from './edit-target.js';
import { InpaintState } from './inpaint-state.svelte.js';
import { MaskState } from './mask-state.svelte.js';
import type { TaskRunner } from './task-runner.js';
import type { ToastState } from './toast-state.svelte.js';

/** Decoded versions kept for quick switching; each costs width × height × 4 bytes. */
const IMAGE_CACHE_SIZE = 4;

/** The operations the side panel offers; Ctrl+Enter runs the one shown. */
export type EditorTask = 'inpaint' | 'colorize';

/**
 * The image open in the editor and its versions; the Konva stage only draws what this holds. `bitmap` is the
 * "before" (the base image layer) and `after` the version drawn over it right of the compare split: a pending
 * result over the current version, or the current version over its parent.
 */
export class EditorState {
  /** The image open; with `missing` set, its original is gone and only "Locate…" is offered (no pixels to edit). */
  record = $state.raw<ImageDetails | null>(null);
  bitmap = $state.raw<HTMLImageElement | null>(null);
  after = $state.raw<HTMLImageElement | null>(null);
  loading = $state(false);
  /** Mirrors the stage's transform for the zoom label; the stage owns it. */
  view = $state.raw<ViewTransform>({ zoom: 1, x: 0, y: 0 });
  /** Accepted versions, oldest first. */
  versions = $state.raw<Result[]>([]);
  /** The version shown and repaired next; null = the original. */
  currentId = $state<number | null>(null);
  /** A result waiting to be accepted or discarded. */
  pending = $state.raw<Result | null>(null);
  /** Compare split, a fraction of the stage's width. */
  split = $state(0.5);
  /** True while `\` is held: only the base image shows. */
  peek = $state(false);
  task = $state<EditorTask>('inpaint');

  readonly mask: MaskState;
  readonly job: CancellableJob;
  readonly inpaint: InpaintState;
  readonly colorize: ColorizeState;
  #openToken = 0;
  /** The holes the pending result repaired (inpainting only): Accept takes them out of the mask. */
  #pendingHoles: Uint8Array | null = null;
  #images = new Map<string, Promise<HTMLImageElement>>();
  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;
  readonly #toasts: ToastState;

  constructor(api: KintsugiApi, tasks: TaskRunner, toasts: ToastState) {
    this.#api = api;
    this.#tasks = tasks;
    this.#toasts = toasts;
    this.mask = new MaskState(api, tasks);
    this.job = new CancellableJob(api, tasks, toasts);
    this.inpaint = new InpaintState(api, tasks);
    this.colorize = new ColorizeState(api, tasks);
  }

  /** Job progress and the model lists of the repair and colorize choices; returns the teardown. */
  listen(): () => void {
    const offs = [this.job.listen(), this.inpaint.listen(), this.colorize.listen()];
    return () => offs.forEach((off) => off());
  }

  get current(): Result | null {
    return this.versions.find((v) => v.id === this.currentId) ?? null;
  }

  /** The name of the engine that made a result ("Sky model", "PatchMatch"), its id when no longer listed. */
  engineName(result: Result): string {
    const engines = result.operation === 'colorize' ? this.colorize.engines : this.inpaint.engines;
    return engines.find((e) => e.id === result.engine)?.name ?? result.engine;
  }

  /** True while clicks and drags on the image draw colour hints (the mask tools get none of them). */
  get hintsMode(): boolean {
    return this.task === 'colorize' && this.colorize.needsHints && this.bitmap !== null;
  }

  async open(id: number): Promise<void> {
    if (this.record?.id === id && this.bitmap) return;
    const token = ++this.#openToken;
    this.loading = true;
    try {
      await this.#dropPending();
      const opened = await this.#tasks.run(this.#tasks.t('task.openingImage'), async () => {
        const record = await this.#api.invoke('library.get', { id });
        // A missing file would only fail to decode: the editor says where it was and offers to locate it instead.
        return { record, bitmap: record.missing ? null : await decodeImage(this.#api.mediaUrl('image', id, record.sha256), record.name) };
      });
      // A later open wins: a slow large image must not replace the one the user chose after it.
      if (token !== this.#openToken || !opened) return;
      this.#images = new Map(opened.bitmap ? [['original', Promise.resolve(opened.bitmap)]] : []);
      this.record = opened.record;
      this.bitmap = opened.bitmap;
      this.after = null;
      this.currentId = null;
      this.versions = [];
      this.colorize.hints.reset();
      if (!opened.bitmap) {
        this.mask.unload();
        return;
      }
      await Promise.all([this.mask.load(id, opened.record.width, opened.record.height), this.refreshVersions()]);
      // The image as last kept, like any editor reopening a file; the history still offers every version.
      const latest = this.versions.at(-1);
      if (latest && token === this.#openToken) await this.showVersion(latest.id);
    } finally {
      if (token === this.#openToken) this.loading = false;
    }
  }

  /** Closes the open image if it is one of these (they were removed from the library: nothing is left to edit). */
  forget(ids: readonly number[]): void {
    if (!this.record || !ids.includes(this.record.id)) return;
    this.#openToken++;
    this.mask.unload();
    this.#images = new Map();
    this.#pendingHoles = null;
    this.record = null;
    this.bitmap = null;
    this.after = null;
    this.pending = null;
    this.versions = [];
    this.currentId = null;
    this.loading = false;
  }

  /** Points the open image's missing original at `path` (the same photo, moved) and opens it from there. */
  async locate(path: string): Promise<void> {
    const record = this.record;
    if (!record) return;
    const located = await this.#tasks.run(this.#tasks.t('task.locating'), () => this.#api.invoke('library.locate', { id: record.id, path }));
    if (located && this.record?.id === record.id) await this.open(record.id);
  }

  async refreshVersions(): Promise<void> {
    const imageId = this.record?.id;
    if (imageId === undefined) return;
    const list = await this.#tasks.run(this.#tasks.t('task.listingVersions'), () => this.#api.invoke('results.list', { imageId }), { quiet: true });
    if (list && this.record?.id === imageId) this.versions = list.filter((r) => r.status === 'accepted');
  }

  /** Shows a version (null = the original) as the current one, drawn over its parent for comparison. */
  async showVersion(id: number | null): Promise<void> {
    if (!this.record || (id === this.currentId && !this.pending)) return;
    await this.#dropPending();
    const version = id === null ? null : this.versions.find((v) => v.id === id);
    if (version === undefined) return;
    const images = await this.#tasks.run(this.#tasks.t('task.openingVersion'), () =>
      Promise.all([this.#image(this.#version(version?.parentId ?? null)), version ? this.#image(version) : Promise.resolve(null)]),
    );
    if (!images) return;
    this.currentId = id;
    this.bitmap = images[0];
    this.after = images[1];
    // The version itself fills the view; drag the split to see its parent.
    this.split = 0;
  }

  /** Runs the task the side panel shows. */
  runTask(): Promise<void> {
    return this.task === 'colorize' ? this.runColorize() : this.runInpaint();
  }

  /** Saves the mask and repairs its holes in the current version. */
  async runInpaint(): Promise<void> {
    if (!this.record || this.job.running) return;
    if (this.mask.holes === 0) {
      this.#tasks.refuse('E_INVALID_ARGUMENT', this.#tasks.t('task.inpainting'), 'inpaint.noHoles');
      return;
    }
    let holes: Uint8Array | null = null;
    await this.#runOperation(
      this.#tasks.t('task.inpainting'),
      async (jobId, target) => {
        // The engine reads the saved mask, so what is on screen must be on disk first.
        if (!(await this.mask.flush())) return null;
        holes = this.mask.snapshot();
        return this.#api.invoke('inpaint.run', this.inpaint.request(jobId, target));
      },
      () => holes,
    );
  }

  /** Colorizes the current version with the chosen engine (its luminance is kept). */
  async runColorize(): Promise<void> {
    if (!this.record || this.job.running) return;
    const problem = this.colorize.problem;
    if (problem) {
      this.#tasks.report(new KintsugiError('E_INVALID_ARGUMENT', `${problem}.`), 'Colorizing');
      return;
    }
    await this.#runOperation('Colorizing', (jobId, target) => this.#api.invoke('colorize.run', this.colorize.request(jobId, target)));
  }

  /**
   * What every operation shares: the result still waiting is replaced, the job runs with progress and cancel, and
   * its answer is shown over the current version as the pending result to accept or discard.
   */
  async #runOperation(
    label: string,
    start: (jobId: string, target: EditTarget) => Promise<Result | null>,
    repairedHoles: () => Uint8Array | null = () => null,
  ): Promise<void> {
    const record = this.record;
    if (!record || this.job.running) return;
    // A re-run with another engine or seed replaces the result still waiting.
    await this.#dropPending();
    const target: EditTarget = { imageId: record.id, resultId: this.currentId ?? undefined };
    const result = await this.job.run(label, (jobId) => start(jobId, target));
    if (!result || this.record?.id !== record.id) return;
    const shown = await this.#tasks.run(this.#tasks.t('task.loadingResult'), async () => ({
      base: await this.#image(this.current),
      after: await this.#image(result),
    }));
    if (!shown) return;
    this.pending = result;
    this.#pendingHoles = repairedHoles();
    this.bitmap = shown.base;
    this.after = shown.after;
    this.split = 0.5;
    // The green overlay would cover the changed pixels; hide it (the mask is kept for a re-run, and the next stroke
    // or one click shows it).
    this.mask.visible = false;
  }

  /** Keeps the pending result: it becomes the current version and the base of the next run. */
  async accept(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    const accepted = await this.#tasks.run(this.#tasks.t('task.keepingResult'), () => this.#api.invoke('results.accept', { id: pending.id }));
    if (!accepted) return;
    this.pending = null;
    // Those holes are repaired now: the next run must not repair them again (strokes painted since stay).
    if (this.#pendingHoles) {
      this.mask.subtract(this.#pendingHoles);
      // Saved at once, not after the edit debounce: the kept result and its cleared holes belong together.
      void this.mask.flush();
    }
    this.#pendingHoles = null;
    this.versions = [...this.versions.filter((v) => v.id !== accepted.id), accepted];
    this.currentId = accepted.id;
    this.split = 0;
    this.#toasts.show('success', this.#tasks.t('result.kept'), this.#tasks.t('result.kept.note', { number: this.versions.length }));
    void this.refreshVersions();
  }

  async discard(): Promise<void> {
    if (!this.pending) return;
    await this.#dropPending();
  }

  /** Throws the pending result away (server and screen); the current version shows alone again. */
  async #dropPending(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    this.#pendingHoles = null;
    this.#images.delete(`result:${pending.id}`);
    this.after = null;
    // The holes are still to be repaired: show them again.
    this.mask.visible = true;
    const current = this.current;
    if (current) {
      const shown = await this.#tasks.run(this.#tasks.t('task.openingVersion'), () => Promise.all([this.#image(this.#version(current.parentId)), this.#image(current)]));
      if (shown) [this.bitmap, this.after] = shown;
    }
    await this.#tasks.run(this.#tasks.t('task.discardingResult'), () => this.#api.invoke('results.discard', { id: pending.id }), { quiet: true });
  }

  /** An accepted version by id; null for the original (and for an id not in the history). */
  #version(id: number | null): Result | null {
    return this.versions.find((v) => v.id === id) ?? null;
  }

  /**
   * A version's pixels (null = the original), decoded once and kept for the last few used. The URLs carry the
   * original's hash and the result's creation time, so no cache can answer with other pixels.
   */
  #image(version: Result | null): Promise<HTMLImageElement> {
    const record = this.record;
    if (!record) return Promise.reject(new KintsugiError('E_NOT_FOUND', 'No image is open'));
    const key = version === null ? 'original' : `result:${version.id}`;
    let image = this.#images.get(key);
    if (!image) {
      image =
        version === null
          ? decodeImage(this.#api.mediaUrl('image', record.id, record.sha256), record.name)
          : decodeImage(this.#api.mediaUrl('result', version.id, version.createdAt), `${record.name} (version ${version.id})`);
      // A failed decode must not stay cached: the next try asks again.
      image.catch(() => this.#images.delete(key));
    }
    this.#images.delete(key);
    this.#images.set(key, image);
    while (this.#images.size > IMAGE_CACHE_SIZE) this.#images.delete(this.#images.keys().next().value!);
    return image;
  }
}
