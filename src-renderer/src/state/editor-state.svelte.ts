import type { KintsugiApi } from '../../../src-shared/api.js';
import type { ImageRecord, Result } from '../../../src-shared/contract/index.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import type { ViewTransform } from '../canvas/view-transform.js';
import { decodeImage } from '../lib/decode-image.js';
import { InpaintState } from './inpaint-state.svelte.js';
import { MaskState } from './mask-state.svelte.js';
import type { TaskRunner } from './task-runner.js';
import type { ToastState } from './toast-state.svelte.js';

/** Decoded versions kept for quick switching; each costs width × height × 4 bytes. */
const IMAGE_CACHE_SIZE = 4;

/**
 * The image open in the editor and its versions; the Konva stage only draws what this holds. `bitmap` is the
 * "before" (the base image layer) and `after` the version drawn over it right of the compare split: a pending
 * result over the current version, or the current version over its parent.
 */
export class EditorState {
  record = $state.raw<ImageRecord | null>(null);
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

  readonly mask: MaskState;
  readonly inpaint: InpaintState;
  #openToken = 0;
  #images = new Map<string, Promise<HTMLImageElement>>();
  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;
  readonly #toasts: ToastState;

  constructor(api: KintsugiApi, tasks: TaskRunner, toasts: ToastState) {
    this.#api = api;
    this.#tasks = tasks;
    this.#toasts = toasts;
    this.mask = new MaskState(api, tasks);
    this.inpaint = new InpaintState(api, tasks, toasts);
  }

  get current(): Result | null {
    return this.versions.find((v) => v.id === this.currentId) ?? null;
  }

  async open(id: number): Promise<void> {
    if (this.record?.id === id && this.bitmap) return;
    const token = ++this.#openToken;
    this.loading = true;
    try {
      await this.#dropPending();
      const opened = await this.#tasks.run('Opening the image', async () => {
        const record = await this.#api.invoke('library.get', { id });
        return { record, bitmap: await decodeImage(this.#api.mediaUrl('image', id), record.name) };
      });
      // A later open wins: a slow large image must not replace the one the user chose after it.
      if (token !== this.#openToken || !opened) return;
      this.#images = new Map([['original', Promise.resolve(opened.bitmap)]]);
      this.record = opened.record;
      this.bitmap = opened.bitmap;
      this.after = null;
      this.currentId = null;
      this.versions = [];
      await Promise.all([this.mask.load(id, opened.record.width, opened.record.height), this.refreshVersions()]);
    } finally {
      if (token === this.#openToken) this.loading = false;
    }
  }

  async refreshVersions(): Promise<void> {
    const imageId = this.record?.id;
    if (imageId === undefined) return;
    const list = await this.#tasks.run('Listing the versions', () => this.#api.invoke('results.list', { imageId }), { quiet: true });
    if (list && this.record?.id === imageId) this.versions = list.filter((r) => r.status === 'accepted');
  }

  /** Shows a version (null = the original) as the current one, drawn over its parent for comparison. */
  async showVersion(id: number | null): Promise<void> {
    if (!this.record || (id === this.currentId && !this.pending)) return;
    await this.#dropPending();
    const version = id === null ? null : this.versions.find((v) => v.id === id);
    if (version === undefined) return;
    const images = await this.#tasks.run('Opening the version', () =>
      Promise.all([this.#image(version?.parentId ?? null), version ? this.#image(version.id) : Promise.resolve(null)]),
    );
    if (!images) return;
    this.currentId = id;
    this.bitmap = images[0];
    this.after = images[1];
    // The version itself fills the view; drag the split to see its parent.
    this.split = 0;
  }

  /** Saves the mask, runs the chosen engine on the current version and shows the result over it. */
  async runInpaint(): Promise<void> {
    const record = this.record;
    if (!record || this.inpaint.running) return;
    if (this.mask.holes === 0) {
      this.#tasks.report(new KintsugiError('E_INVALID_ARGUMENT', 'Paint the holes to repair in green first.'), 'Inpainting');
      return;
    }
    // A re-run with another engine or seed replaces the result still waiting.
    await this.#dropPending();
    if (!(await this.mask.flush())) return;
    const result = await this.inpaint.run({ imageId: record.id, resultId: this.currentId ?? undefined });
    if (!result || this.record?.id !== record.id) return;
    const shown = await this.#tasks.run('Loading the result', async () => ({
      base: await this.#image(this.currentId),
      after: await this.#image(result.id),
    }));
    if (!shown) return;
    this.pending = result;
    this.bitmap = shown.base;
    this.after = shown.after;
    this.split = 0.5;
    // The green overlay would cover exactly the repaired pixels; hide it (the mask itself is kept, one click shows it).
    this.mask.visible = false;
  }

  /** Keeps the pending result: it becomes the current version and the base of the next run. */
  async accept(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    const accepted = await this.#tasks.run('Keeping the result', () => this.#api.invoke('results.accept', { id: pending.id }));
    if (!accepted) return;
    this.pending = null;
    this.versions = [...this.versions.filter((v) => v.id !== accepted.id), accepted];
    this.currentId = accepted.id;
    this.split = 0;
    this.#toasts.show('success', 'Result kept', `Version ${this.versions.length} is now the base for the next repair.`);
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
    this.#images.delete(`result:${pending.id}`);
    this.after = null;
    if (this.currentId !== null) {
      const current = this.current;
      const shown = await this.#tasks.run('Opening the version', () =>
        Promise.all([this.#image(current?.parentId ?? null), this.#image(this.currentId)]),
      );
      if (shown) [this.bitmap, this.after] = shown;
    }
    await this.#tasks.run('Discarding the result', () => this.#api.invoke('results.discard', { id: pending.id }), { quiet: true });
  }

  /** A version's pixels (null = the original), decoded once and kept for the last few used. */
  #image(resultId: number | null): Promise<HTMLImageElement> {
    const record = this.record;
    if (!record) return Promise.reject(new KintsugiError('E_NOT_FOUND', 'No image is open'));
    const key = resultId === null ? 'original' : `result:${resultId}`;
    let image = this.#images.get(key);
    if (!image) {
      image =
        resultId === null
          ? decodeImage(this.#api.mediaUrl('image', record.id), record.name)
          : decodeImage(this.#api.mediaUrl('result', resultId), `${record.name} (version ${resultId})`);
      // A failed decode must not stay cached: the next try asks again.
      image.catch(() => this.#images.delete(key));
    }
    this.#images.delete(key);
    this.#images.set(key, image);
    while (this.#images.size > IMAGE_CACHE_SIZE) this.#images.delete(this.#images.keys().next().value!);
    return image;
  }
}
