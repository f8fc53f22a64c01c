import { describe, expect, it } from 'vitest';
import type { BatchItem, BatchItemStatus } from '../../../src-shared/contract/batch.js';
import { appendPage, mergeFinished, type LoadedItems } from './finished-items.js';

function item(index: number, status: BatchItemStatus = 'done'): BatchItem {
  return {
    id: 100 + index,
    jobId: 1,
    index,
    relativePath: `p${index}.jpg`,
    inputPath: `/in/p${index}.jpg`,
    imageId: null,
    outputPath: `/out/p${index}.jpg`,
    status,
    code: status === 'failed' ? 'E_BAD_IMAGE' : null,
    reason: status === 'failed' ? 'broken' : null,
    durationMs: 10,
    finishedAt: '2026-01-01T00:00:00Z',
  };
}
const indexes = (list: LoadedItems) => list.items.map((i) => i.index);

describe('mergeFinished', () => {
  it('adds files of the shown statuses in processing order to a complete list', () => {
    const list: LoadedItems = { items: [item(1), item(4)], complete: true };
    const merged = mergeFinished(list, [item(6), item(2), item(3, 'failed')], ['done']);
    expect(indexes(merged)).toEqual([1, 2, 4, 6]);
    expect(merged.complete).toBe(true);
  });

  it('leaves files beyond a partly loaded list to the next page, but fills gaps inside it', () => {
    const list: LoadedItems = { items: [item(1), item(5)], complete: false };
    expect(indexes(mergeFinished(list, [item(7), item(3)], ['done']))).toEqual([1, 3, 5]);
    expect(mergeFinished({ items: [], complete: false }, [item(1)], ['done']).items).toEqual([]);
  });

  it('updates a file it has and drops one whose new status it does not show', () => {
    const list: LoadedItems = { items: [item(1, 'failed'), item(2, 'skipped')], complete: true };
    const merged = mergeFinished(list, [item(1, 'done')], ['failed', 'skipped']);
    expect(indexes(merged)).toEqual([2]);
    const again = mergeFinished(list, [item(1, 'failed')], ['failed', 'skipped']);
    expect(again.items[0]).toEqual(item(1, 'failed'));
    expect(again.items[0]).not.toBe(list.items[0]);
  });

  it('returns the same list when nothing changed', () => {
    const list: LoadedItems = { items: [item(1)], complete: false };
    expect(mergeFinished(list, [item(9), item(2, 'failed')], ['done'])).toBe(list);
  });
});

describe('appendPage', () => {
  it('appends a page without repeating files and knows when all are loaded', () => {
    const first = appendPage({ items: [], complete: false }, [item(1), item(2)], 3);
    expect(first.complete).toBe(false);
    const second = appendPage(first, [item(2), item(3)], 3);
    expect(indexes(second)).toEqual([1, 2, 3]);
    expect(second.complete).toBe(true);
  });
});
