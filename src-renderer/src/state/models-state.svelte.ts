import type { KintsugiApi } from '../../../src-shared/api.js';
import type { Model, ModelKind } from '../../../src-shared/contract/index.js';
import { whileBusy } from '../lib/busy-ids.js';
import { debounce } from '../lib/debounce.js';
import type { TaskRunner } from './task-runner.js';
import type { ToastState } from './toast-state.svelte.js';

/** Several changes in a row (an import, then its default) need one reload. */
const CHANGED_COALESCE_MS = 150;

/** The models in the library, for the Models view and for every place that lets the user choose one. */
export class ModelsState {
  items = $state.raw<Model[]>([]);
  loaded = $state(false);
  /** A model to scroll to and highlight when the Models view opens (a training run's link). */
  focusId = $state<number | null>(null);
  /** Models with a call in flight; their buttons wait. */
  busy = $state.raw<ReadonlySet<number>>(new Set());

  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;
  readonly #toasts: ToastState;
  readonly #coalescedRefresh = debounce(() => void this.refresh(), CHANGED_COALESCE_MS);

  constructor(api: KintsugiApi, tasks: TaskRunner, toasts: ToastState) {
    this.#api = api;
    this.#tasks = tasks;
    this.#toasts = toasts;
  }

  listen(): () => void {
    const off = this.#api.on('models.changed', () => this.#coalescedRefresh());
    return () => {
      off();
      this.#coalescedRefresh.cancel();
    };
  }

  ofKind(kind: ModelKind): Model[] {
    return this.items.filter((m) => m.kind === kind);
  }

  byId(id: number): Model | undefined {
    return this.items.find((m) => m.id === id);
  }

  async refresh(): Promise<void> {
    const items = await this.#tasks.run('Listing the models', () => this.#api.invoke('models.list', {}), { quiet: true });
    if (!items) return;
    this.items = items;
    this.loaded = true;
  }

  async rename(id: number, name: string): Promise<boolean> {
    const renamed = await this.#call(id, 'Renaming the model', () => this.#api.invoke('models.rename', { id, name }));
    if (renamed) this.#replace(renamed);
    return renamed !== undefined;
  }

  async setDefault(id: number): Promise<void> {
    const model = await this.#call(id, 'Setting the default model', () => this.#api.invoke('models.setDefault', { id }));
    if (!model) return;
    // The previous default of that kind stops being one.
    this.items = this.items.map((m) => (m.id === model.id ? model : m.kind === model.kind ? { ...m, isDefault: false } : m));
  }

  async remove(id: number): Promise<void> {
    const name = this.byId(id)?.name ?? `Model ${id}`;
    const answer = await this.#call(id, 'Deleting the model', () => this.#api.invoke('models.remove', { id }));
    if (!answer) return;
    this.items = this.items.filter((m) => m.id !== id);
    this.#toasts.show('success', 'Model deleted', name);
  }

  async exportTo(id: number, path: string, overwrite: boolean): Promise<void> {
    const written = await this.#call(id, 'Exporting the model', () => this.#api.invoke('models.export', { id, path, overwrite }));
    if (written) this.#toasts.show('success', 'Model exported', written.path);
  }

  async importFrom(path: string): Promise<Model | undefined> {
    const model = await this.#tasks.run('Importing the model', () => this.#api.invoke('models.import', { path }));
    if (!model) return undefined;
    this.#replace(model);
    this.focusId = model.id;
    this.#toasts.show('success', 'Model imported', model.name);
    return model;
  }

  #replace(model: Model): void {
    this.items = this.items.some((m) => m.id === model.id) ? this.items.map((m) => (m.id === model.id ? model : m)) : [model, ...this.items];
  }

  #call<T>(id: number, label: string, work: () => Promise<T>): Promise<T | undefined> {
    return whileBusy(this, id, () => this.#tasks.run(label, work));
  }
}
