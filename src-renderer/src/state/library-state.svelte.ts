import type { KintsugiApi } from '../../../src-shared/api.js';
import type { ImageSummary, ResponseOf } from '../../../src-shared/contract/index.js';
import { debounce } from '../lib/debounce.js';
import type { TaskRunner } from './task-runner.js';

/** Rows come from the server a page at a time, so a library of any size costs only what is on screen. */
export const LIBRARY_PAGE_SIZE = 200;
const SEARCH_DEBOUNCE_MS = 250;
/** An import fires many `library.changed` events; one reload after they settle is enough. */
const CHANGED_COALESCE_MS = 200;

/** The library grid's data: a sparse window of pages over the (optionally filtered) image list. */
export class LibraryState {
  /** What the search box shows; applied to the server after typing pauses. */
  query = $state('');
  total = $state(0);
  /** False until the first answer, so the empty state is not flashed before we know. */
  loaded = $state(false);
  /** The focused cell (keyboard moves, Enter opens); -1 = none. */
  selectedIndex = $state(-1);
  /** The images selected for an action on several (remove): the focused one, or a Ctrl/Shift-click set. */
  selectedIds = $state.raw<ReadonlySet<number>>(new Set());
  /** Where a Shift-click range starts. */
  #anchor = -1;
  /** Bumped when the list starts over (a new search), so the grid scrolls back to the top. */
  resetCount = $state(0);

  #pages = $state.raw<ReadonlyMap<number, ImageSummary[]>>(new Map());
  /** Which refresh the pages in #pages belong to; older answers are dropped. */
  #pagesGeneration = 0;
  #generation = 0;
  #reportedGeneration = -1;
  #appliedQuery = '';
  readonly #inFlight = new Set<number>();
  #visible = { first: 0, last: 0 };
  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;
  readonly #applyQuery = debounce((q: string) => this.#startOver(q), SEARCH_DEBOUNCE_MS);
  readonly #coalescedRefresh = debounce(() => this.refresh(), CHANGED_COALESCE_MS);

  constructor(api: KintsugiApi, tasks: TaskRunner) {
    this.#api = api;
    this.#tasks = tasks;
  }

  /** Follows changes made anywhere (imports, removals, other windows); returns the unsubscribe function. */
  listen(): () => void {
    const off = this.#api.on('library.changed', () => this.#coalescedRefresh());
    return () => {
      off();
      this.#applyQuery.cancel();
      this.#coalescedRefresh.cancel();
    };
  }

  itemAt(index: number): ImageSummary | undefined {
    return this.#pages.get(Math.floor(index / LIBRARY_PAGE_SIZE))?.[index % LIBRARY_PAGE_SIZE];
  }

  get selected(): ImageSummary | undefined {
    return this.selectedIndex >= 0 ? this.itemAt(this.selectedIndex) : undefined;
  }

  /**
   * A click on a cell, as in any file manager: alone it selects only that image, with Ctrl (⌘) it toggles it,
   * with Shift it selects the range from the last plain or Ctrl click.
   */
  pick(index: number, how: 'only' | 'toggle' | 'range' = 'only'): void {
    const item = this.itemAt(index);
    if (!item) return;
    this.selectedIndex = index;
    if (how === 'range' && this.#anchor >= 0) {
      const ids = new Set<number>();
      for (let i = Math.min(this.#anchor, index); i <= Math.max(this.#anchor, index); i++) {
        const inRange = this.itemAt(i);
        if (inRange) ids.add(inRange.id);
      }
      this.selectedIds = ids;
      return;
    }
    this.#anchor = index;
    if (how === 'toggle') {
      const ids = new Set(this.selectedIds);
      if (ids.has(item.id)) ids.delete(item.id);
      else ids.add(item.id);
      this.selectedIds = ids;
    } else this.selectedIds = new Set([item.id]);
  }

  /**
   * Removes images from the library (their versions and masks go with them; the files on disk stay). Returns the
   * ids that were removed.
   */
  async remove(ids: readonly number[]): Promise<number[]> {
    const removed: number[] = [];
    await this.#tasks.run(this.#tasks.t('task.removingImages', { count: ids.length }), async () => {
      for (const id of ids) if ((await this.#api.invoke('library.remove', { id })).removed) removed.push(id);
    });
    const gone = new Set(removed);
    this.selectedIds = new Set([...this.selectedIds].filter((id) => !gone.has(id)));
    this.refresh();
    return removed;
  }

  setQuery(query: string): void {
    this.query = query;
    this.#applyQuery(query.trim());
  }

  /** The grid reports the item range on screen (overscan included); missing pages are fetched. */
  showRange(first: number, last: number): void {
    this.#visible = { first, last };
    for (const page of this.#pagesOf(first, last)) {
      if (!this.#pages.has(page) || this.#pagesGeneration !== this.#generation) this.#fetch(page);
    }
  }

  /** Reloads what is on screen; the old rows stay visible until the new ones arrive, so nothing flickers. */
  refresh(): void {
    this.#generation++;
    this.#inFlight.clear();
    for (const page of this.#pagesOf(this.#visible.first, this.#visible.last)) this.#fetch(page);
  }

  #startOver(query: string): void {
    if (query === this.#appliedQuery) return;
    this.#appliedQuery = query;
    this.selectedIndex = -1;
    this.selectedIds = new Set();
    this.#anchor = -1;
    this.#visible = { first: 0, last: 0 };
    this.resetCount++;
    this.refresh();
  }

  #pagesOf(first: number, last: number): number[] {
    const pages: number[] = [];
    const lastPage = Math.floor(Math.max(first, last) / LIBRARY_PAGE_SIZE);
    for (let p = Math.floor(first / LIBRARY_PAGE_SIZE); p <= lastPage; p++) pages.push(p);
    return pages;
  }

  async #fetch(page: number): Promise<void> {
    if (this.#inFlight.has(page)) return;
    this.#inFlight.add(page);
    const generation = this.#generation;
    const query = this.#appliedQuery;
    let result: ResponseOf<'library.list'>;
    try {
      result = await this.#api.invoke('library.list', { offset: page * LIBRARY_PAGE_SIZE, limit: LIBRARY_PAGE_SIZE, ...(query ? { query } : {}) });
    } catch (err) {
      // The page stays marked in flight so scrolling does not hammer a failing server; the next refresh (a change,
      // a reconnect) retries. One toast per refresh is enough to say why the grid is incomplete.
      if (generation === this.#generation && this.#reportedGeneration !== generation) {
        this.#reportedGeneration = generation;
        this.#tasks.report(err, this.#tasks.t('task.loadingLibrary'));
      }
      return;
    }
    if (generation !== this.#generation) return;
    this.#inFlight.delete(page);
    // The first page of a new generation starts a fresh map, dropping rows that may no longer be true.
    const pages = new Map(this.#pagesGeneration === generation ? this.#pages : []);
    pages.set(page, result.items);
    this.#pages = pages;
    this.#pagesGeneration = generation;
    this.total = result.total;
    this.loaded = true;
    if (this.selectedIndex >= result.total) this.selectedIndex = result.total - 1;
  }
}
