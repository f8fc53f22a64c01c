import { describe, expect, it } from 'vitest';
import { addToast, type Toast } from './toast-list.js';

describe('addToast', () => {
  it('counts a repeat on the toast already shown and moves it to the newest place', () => {
    let items: Toast[] = [];
    for (const [id, title] of [[1, 'Saving'], [2, 'Export'], [3, 'Saving']] as const) {
      items = addToast(items, { id, kind: 'error', title, message: 'disk full', code: 'E_IO' }, 3).items;
    }
    expect(items.map((t) => [t.id, t.title, t.count])).toEqual([
      [2, 'Export', 1],
      [1, 'Saving', 2],
    ]);
  });

  it('keeps toasts that differ in message or kind apart, and only the newest `max`', () => {
    let items: Toast[] = [];
    for (let id = 1; id <= 5; id++) items = addToast(items, { id, kind: 'error', title: 'Run', message: `try ${id}` }, 3).items;
    expect(items.map((t) => t.id)).toEqual([3, 4, 5]);
    items = addToast(items, { id: 6, kind: 'info', title: 'Run', message: 'try 5' }, 3).items;
    expect(items.map((t) => t.id)).toEqual([4, 5, 6]);
  });
});
