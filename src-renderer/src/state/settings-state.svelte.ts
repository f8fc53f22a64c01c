import type { KintsugiApi } from '../../../src-shared/api.js';
import type { BackendPreference } from '../../../src-shared/contract/index.js';
import type { TaskRunner } from './task-runner.js';

/** Saved settings; a backend choice is stored now and takes effect when the app next starts. */
export class SettingsState {
  backend = $state<BackendPreference | null>(null);
  saving = $state(false);

  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;

  constructor(api: KintsugiApi, tasks: TaskRunner) {
    this.#api = api;
    this.#tasks = tasks;
  }

  async load(): Promise<void> {
    const settings = await this.#tasks.run('Loading settings', () => this.#api.invoke('settings.get', {}));
    if (settings) this.backend = settings.backend;
  }

  async setBackend(backend: BackendPreference): Promise<boolean> {
    this.saving = true;
    try {
      const settings = await this.#tasks.run('Saving the backend choice', () => this.#api.invoke('settings.update', { backend }));
      if (settings) this.backend = settings.backend;
      return settings !== undefined;
    } finally {
      this.saving = false;
    }
  }
}
