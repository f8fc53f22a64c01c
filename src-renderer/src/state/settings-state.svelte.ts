import type { KintsugiApi } from '../../../src-shared/api.js';
import type { BackendPreference } from '../../../src-shared/contract/index.js';
import type { LanguageChoice } from '../../../src-shared/i18n/locales.js';
import type { I18nState } from './i18n-state.svelte.js';
import type { TaskRunner } from './task-runner.js';

/** Saved settings; a backend choice is stored now and takes effect when the app next starts. */
export class SettingsState {
  backend = $state<BackendPreference | null>(null);
  saving = $state(false);

  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;
  readonly #i18n: I18nState;

  constructor(api: KintsugiApi, tasks: TaskRunner, i18n: I18nState) {
    this.#api = api;
    this.#tasks = tasks;
    this.#i18n = i18n;
  }

  async load(): Promise<void> {
    const settings = await this.#tasks.run(this.#tasks.t('task.loadingSettings'), () => this.#api.invoke('settings.get', {}));
    if (settings) {
      this.backend = settings.backend;
      this.#i18n.choice = settings.language ?? 'system';
    }
  }

  /** The language changes at once; the stored choice is what the next start uses. */
  async setLanguage(language: LanguageChoice): Promise<void> {
    const previous = this.#i18n.choice;
    this.#i18n.choice = language;
    const settings = await this.#tasks.run(this.#tasks.t('task.savingLanguage'), () => this.#api.invoke('settings.update', { language }));
    this.#i18n.choice = settings ? (settings.language ?? 'system') : previous;
  }

  async setBackend(backend: BackendPreference): Promise<boolean> {
    this.saving = true;
    try {
      const settings = await this.#tasks.run(this.#tasks.t('task.savingBackend'), () => this.#api.invoke('settings.update', { backend }));
      if (settings) this.backend = settings.backend;
      return settings !== undefined;
    } finally {
      this.saving = false;
    }
  }
}
