import type { ErrorCode } from '../../../src-shared/errors.js';

export type ToastKind = 'error' | 'info' | 'success';

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  message?: string;
  code?: ErrorCode;
  /** How many times this same toast was shown while it was up ("×3"). */
  count: number;
}

function same(a: Toast, b: Omit<Toast, 'id' | 'count'>): boolean {
  return a.kind === b.kind && a.title === b.title && a.message === b.message && a.code === b.code;
}

/**
 * The list after `toast` arrives: a repeat of one already shown is counted on it (and moves to the newest place)
 * instead of stacking a copy; beyond `max` the oldest go. Returns the toast that stands for it now.
 */
export function addToast(items: readonly Toast[], toast: Omit<Toast, 'count'>, max: number): { items: Toast[]; shown: Toast } {
  const repeat = items.find((t) => same(t, toast));
  const shown = repeat ? { ...repeat, count: repeat.count + 1 } : { ...toast, count: 1 };
  return { items: [...items.filter((t) => t !== repeat), shown].slice(-max), shown };
}
