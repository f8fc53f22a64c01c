import { createContext } from 'svelte';
import type { KintsugiApi } from '../../../src-shared/api.js';
import type { SystemInfo } from '../../../src-shared/contract/index.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import type { ConnectionStatus, LinkState } from '../api/connection.js';
import { BatchState } from './batch-state.svelte.js';
import { BusyState } from './busy-state.svelte.js';
import { EditorState } from './editor-state.svelte.js';
import { GenerateState } from './generate-state.svelte.js';
import { I18nState } from './i18n-state.svelte.js';
import { ImportState } from './import-state.svelte.js';
import { LibraryState } from './library-state.svelte.js';
import { ModelsState } from './models-state.svelte.js';
import { SettingsState } from './settings-state.svelte.js';
import { TaskRunner } from './task-runner.js';
import { ToastState } from './toast-state.svelte.js';
import { TrainingState } from './training-state.svelte.js';
import type { ViewId } from './views.js';

/** The whole renderer's state, one instance per window, handed to components through context. */
export class AppState {
  view = $state<ViewId>('library');
  info = $state.raw<SystemInfo | null>(null);
  link = $state<LinkState>('connected');

  readonly api: KintsugiApi;
  readonly i18n: I18nState;
  readonly toasts: ToastState;
  readonly busy = new BusyState();
  readonly tasks: TaskRunner;
  readonly library: LibraryState;
  readonly imports: ImportState;
  readonly editor: EditorState;
  readonly settings: SettingsState;
  readonly models: ModelsState;
  readonly training: TrainingState;
  readonly batch: BatchState;
  readonly generate: GenerateState;
  readonly #status: ConnectionStatus;

  constructor(api: KintsugiApi, status: ConnectionStatus, browserLanguages: readonly string[]) {
    this.api = api;
    this.i18n = new I18nState(browserLanguages);
    this.toasts = new ToastState(() => this.i18n.tr);
    this.tasks = new TaskRunner(this.busy, this.toasts, () => this.i18n.tr);
    this.#status = status;
    this.link = status.state;
    this.library = new LibraryState(api, this.tasks);
    this.imports = new ImportState(api, this.tasks, () => this.library.refresh());
    this.editor = new EditorState(api, this.tasks, this.toasts);
    this.settings = new SettingsState(api, this.tasks, this.i18n);
    this.models = new ModelsState(api, this.tasks, this.toasts);
    this.training = new TrainingState(api, this.tasks, this.toasts);
    this.batch = new BatchState(api, this.tasks, this.toasts);
    this.generate = new GenerateState(api, this.tasks, this.toasts);
  }

  get connected(): boolean {
    return this.link === 'connected';
  }

  /** Loads what every view needs and starts listening; returns the teardown. */
  start(): () => void {
    const offs = [
      this.library.listen(),
      this.imports.listen(),
      this.editor.listen(),
      this.models.listen(),
      this.training.listen(),
      this.batch.listen(),
      this.generate.listen(),
      this.#status.subscribe((link) => {
        const regained = link === 'connected' && !this.connected;
        this.link = link;
        // Events sent while the link was down are lost: reload what they would have changed.
        if (regained) {
          this.library.refresh();
          // Models and runs load when their view first opens; after that they are kept current too.
          if (this.models.loaded) void this.models.refresh();
          if (this.training.loaded) void this.training.refresh();
          void this.batch.refresh();
        }
      }),
    ];
    void this.loadInfo();
    // The saved language is needed at once, not when Settings first opens.
    void this.settings.load();
    this.library.refresh();
    // Batch jobs load at once: one that the app stopped in the middle of is offered for resume from the start.
    void this.batch.refresh();
    return () => offs.forEach((off) => off());
  }

  async loadInfo(): Promise<void> {
    const info = await this.tasks.run(this.tasks.t('task.systemInfo'), () => this.api.invoke('system.info', {}));
    if (info) {
      this.info = info;
      this.i18n.hostLocale = info.locale ?? null;
    }
  }

  /**
   * How this host lets the user choose a path: its native dialogs (desktop), the in-app browser (local server), or
   * not at all (null, after a toast that says so under `what`).
   */
  async pathPicker(what: string): Promise<'native' | 'browser' | null> {
    if (!this.info) await this.loadInfo();
    const capabilities = this.info?.capabilities;
    if (!capabilities) return null; // loadInfo already showed why
    if (capabilities.nativeDialogs) return 'native';
    if (capabilities.browseFiles) return 'browser';
    this.toasts.error(new KintsugiError('E_UNSUPPORTED', 'This host can neither show file dialogs nor list folders.'), what);
    return null;
  }

  /** Shows a model in the Models view (a training run's link to what it registered). */
  showModel(id: number): void {
    this.models.focusId = id;
    this.view = 'models';
  }

  /** Opens the Generate view on a GAN model (the Models view's Generate action). */
  openGenerate(modelId: number): void {
    this.generate.modelId = modelId;
    this.view = 'generate';
  }

  openInEditor(id: number): void {
    this.view = 'editor';
    void this.editor.open(id);
  }
}

export const [getAppState, setAppState] = createContext<AppState>();
