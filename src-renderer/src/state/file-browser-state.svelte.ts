import type { KintsugiApi } from '../../../src-shared/api.js';
import type { DirectoryEntry, DirectoryListing } from '../../../src-shared/contract/index.js';
import type { TaskRunner } from './task-runner.js';

/** The in-app picker of browser mode: one folder of the host at a time and the files chosen in it (one or several). */
export class FileBrowserState {
  listing = $state.raw<DirectoryListing | null>(null);
  loading = $state(false);
  selected = $state.raw<ReadonlySet<string>>(new Set());
  /** The path field: the listed folder, or what the user typed there since. */
  draft = $state('');

  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;
  #latest = 0;

  constructor(api: KintsugiApi, tasks: TaskRunner) {
    this.#api = api;
    this.#tasks = tasks;
  }

  /**
   * Opens a folder (the host's default, its home, when none); the selection is per folder. Only the newest navigation
   * lands: a path typed while the first listing is still loading must not be overwritten when that listing arrives.
   * True when this navigation is the one shown.
   */
  async navigate(path?: string): Promise<boolean> {
    const request = ++this.#latest;
    this.loading = true;
    try {
      const listing = await this.#tasks.run(this.#tasks.t('task.openingFolder'), () => this.#api.invoke('files.browse', path ? { path } : {}));
      if (!listing || request !== this.#latest) return false;
      this.listing = listing;
      this.draft = listing.path;
      this.selected = new Set();
      return true;
    } finally {
      if (request === this.#latest) this.loading = false;
    }
  }

  /**
   * The folder the user means: the one typed in the path field (opened first, so it must exist) when that differs
   * from the one listed, Enter pressed or not; null when it cannot be opened (the error is shown).
   */
  async chosenFolder(): Promise<string | null> {
    const typed = this.draft.trim();
    if (typed && typed !== this.listing?.path && !(await this.navigate(typed))) return null;
    return this.listing?.path ?? null;
  }

  toggle(entry: DirectoryEntry): void {
    const next = new Set(this.selected);
    if (next.has(entry.path)) next.delete(entry.path);
    else next.add(entry.path);
    this.selected = next;
  }

  /** Single-file pickers: the clicked file replaces the selection. */
  selectOnly(entry: DirectoryEntry): void {
    this.selected = new Set([entry.path]);
  }

  get imageCount(): number {
    return this.listing?.entries.filter((e) => e.kind === 'file' && e.image).length ?? 0;
  }
}
