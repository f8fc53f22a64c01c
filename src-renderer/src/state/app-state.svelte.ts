import { createContext } from 'svelte';
import type { KintsugiApi } from '../../../src-shared/api.js';
import type { SystemInfo } from '../../../src-shared/contract/index.js';
import type { ConnectionStatus } from '../api/connection.js';
import { BusyState } from './busy-state.svelte.js';
import { EditorState } from './editor-state.svelte.js';
import { ImportState } from './import-state.svelte.js';
import { LibraryState } from './library-state.svelte.js';
import { SettingsState } from './settings-state.svelte.js';
import { TaskRunner } from './task-runner.js';
import { ToastState } from './toast-state.svelte.js';
import type { ViewId } from './views.js';

/** The whole renderer's state, one instance per window, handed to components through context. */
export class AppState {
  view = $state<ViewId>('library');
  info = $state.raw<SystemInfo | null>(null);
  connected = $state(true);

  readonly api: KintsugiApi;
  readonly toasts = new ToastState();
  readonly busy = new BusyState();
  readonly tasks = new TaskRunner(this.busy, this.toasts);
  readonly library: LibraryState;
  readonly imports: ImportState;
  readonly editor: EditorState;
  readonly settings: SettingsState;
  readonly #status: ConnectionStatus;

  constructor(api: KintsugiApi, status: ConnectionStatus) {
    this.api = api;
    this.#status = status;
    this.connected = status.connected;
    this.library = new LibraryState(api, this.tasks);
    this.imports = new ImportState(api, this.tasks, () => this.library.refresh());
    this.editor = new EditorState(api, this.tasks, this.toasts);
    this.settings = new SettingsState(api, this.tasks);
  }

  /** Loads what every view needs and starts listening; returns the teardown. */
  start(): () => void {
    const offs = [
      this.library.listen(),
      this.imports.listen(),
      this.editor.inpaint.listen(),
      this.#status.subscribe((connected) => {
        const regained = connected && !this.connected;
        this.connected = connected;
        // Events sent while the link was down are lost: reload what they would have changed.
        if (regained) this.library.refresh();
      }),
    ];
    void this.loadInfo();
    this.library.refresh();
    return () => offs.forEach((off) => off());
  }

  async loadInfo(): Promise<void> {
    const info = await this.tasks.run('Reading system information', () => this.api.invoke('system.info', {}));
    if (info) this.info = info;
  }

  openInEditor(id: number): void {
    this.view = 'editor';
    void this.editor.open(id);
  }
}

export const [getAppState, setAppState] = createContext<AppState>();
