import type { BatchItem, BatchItemStatus } from '../../../src-shared/contract/index.js';

/** A loaded stretch of a job's files of some statuses, from the first in processing order. */
export interface LoadedItems {
  items: readonly BatchItem[];
  /** Every matching file up to now is loaded: files that finish later belong at the end and are added. */
  complete: boolean;
}

/**
 * Folds files that just finished into a loaded list (the results gallery, the error list), keeping processing
 * order. A file of a status the list shows is added or updated when it falls inside the loaded stretch (or the list
 * is complete); beyond it, the next page brings it. A file whose new status the list does not show leaves it (a
 * failed file retried and done). The same array comes back when nothing changed, so nothing re-renders.
 */
export function mergeFinished(list: LoadedItems, finished: readonly BatchItem[], statuses: readonly BatchItemStatus[]): LoadedItems {
  let items = list.items;
  for (const item of finished) {
    const at = items.findIndex((i) => i.id === item.id);
    if (!statuses.includes(item.status)) {
      if (at >= 0) items = items.filter((i) => i.id !== item.id);
      continue;
    }
    if (at >= 0) {
      items = items.map((i) => (i.id === item.id ? item : i));
      continue;
    }
    const last = items[items.length - 1];
    if (!list.complete && (!last || item.index > last.index)) continue;
    const before = items.findIndex((i) => i.index > item.index);
    items = before < 0 ? [...items, item] : [...items.slice(0, before), item, ...items.slice(before)];
  }
  return items === list.items ? list : { items, complete: list.complete };
}

/** A fetched page appended to what is loaded; files that moved into an earlier page meanwhile are not repeated. */
export function appendPage(list: LoadedItems, page: readonly BatchItem[], total: number): LoadedItems {
  const known = new Set(list.items.map((i) => i.id));
  const items = [...list.items, ...page.filter((i) => !known.has(i.id))];
  return { items, complete: items.length >= total };
}
