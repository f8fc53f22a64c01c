import type { KintsugiApi } from '../../../src-shared/api.js';
import type { BatchItem, BatchItemStatus } from '../../../src-shared/contract/index.js';
import { appendPage, mergeFinished, type LoadedItems } from '../lib/finished-items.js';
import type { TaskRunner } from './task-runner.js';

const EMPTY: LoadedItems = { items: [], complete: true };

/**
 * One list of a job's finished files (the results gallery, the error list), loaded page by page in processing order
 * and kept current as files finish. Files reported while a page loads are merged once it is there.
 */
export class BatchItemsState {
  list = $state.raw<LoadedItems>(EMPTY);
  loading = $state(false);
  readonly statuses: readonly BatchItemStatus[];

  #jobId: number | null = null;
  #token = 0;
  #queued: BatchItem[] = [];
  readonly #pageSize: number;
  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;

  constructor(api: KintsugiApi, tasks: TaskRunner, statuses: readonly BatchItemStatus[], pageSize: number) {
    this.#api = api;
    this.#tasks = tasks;
    this.statuses = statuses;
    this.#pageSize = pageSize;
  }

  get items(): readonly BatchItem[] {
    return this.list.items;
  }

  /** Shows the first page of a job (null empties the list). */
  async load(jobId: number | null): Promise<void> {
    this.#jobId = jobId;
    this.list = EMPTY;
    this.#queued = [];
    if (jobId !== null) await this.#fetch({ items: [], complete: false });
  }

  async more(): Promise<void> {
    if (this.#jobId === null || this.list.complete || this.loading) return;
    await this.#fetch(this.list);
  }

  /** Files of the shown job that just finished. */
  add(items: readonly BatchItem[]): void {
    const mine = items.filter((i) => i.jobId === this.#jobId);
    if (mine.length === 0) return;
    if (this.loading) this.#queued.push(...mine);
    else this.list = mergeFinished(this.list, mine, this.statuses);
  }

  async #fetch(from: LoadedItems): Promise<void> {
    const jobId = this.#jobId;
    if (jobId === null) return;
    const token = ++this.#token;
    this.loading = true;
    try {
      const page = await this.#tasks.run(
        'Listing the batch files',
        () => this.#api.invoke('batch.items', { jobId, statuses: [...this.statuses], offset: from.items.length, limit: this.#pageSize }),
        { quiet: true },
      );
      // A later load (another job) wins over a slow answer for an earlier one.
      if (token !== this.#token || !page) return;
      this.list = mergeFinished(appendPage(from, page.items, page.total), this.#queued, this.statuses);
    } finally {
      if (token === this.#token) {
        this.loading = false;
        this.#queued = [];
      }
    }
  }
}
