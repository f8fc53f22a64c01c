import { untrack } from 'svelte';
import type { ErrorCode } from '../../../src-shared/errors.js';
import { errorText } from '../../../src-shared/i18n/error-text.js';
import type { Translator } from '../../../src-shared/i18n/translator.js';
import { toKintsugiError } from '../api/invoke-result.js';
import { addToast, type Toast, type ToastKind } from '../lib/toast-list.js';

export type { Toast, ToastKind };

/**
 * Notes go after a few seconds, errors after long enough to read them twice; a toast under the pointer stays until
 * the pointer leaves. A few at most, stacked in the corner, so they never pile over the canvas.
 */
const DISMISS_MS: Record<ToastKind, number> = { info: 5000, success: 5000, error: 15_000 };
const MAX_TOASTS = 3;

export class ToastState {
  items = $state<Toast[]>([]);
  #nextId = 1;
  readonly #timers = new Map<number, ReturnType<typeof setTimeout>>();
  readonly #tr: () => Translator;

  constructor(tr: () => Translator) {
    this.#tr = tr;
  }

  show(kind: ToastKind, title: string, message?: string, code?: ErrorCode): void {
    const toast = { id: this.#nextId++, kind, title, ...(message ? { message } : {}), ...(code ? { code } : {}) };
    // Untracked, so a failure reported from inside an effect does not subscribe that effect to the toasts.
    untrack(() => {
      const { items, shown } = addToast(this.items, toast, MAX_TOASTS);
      for (const gone of this.items.filter((t) => !items.some((i) => i.id === t.id))) this.#clearTimer(gone.id);
      this.items = items;
      this.release(shown.id);
    });
  }

  /** Shows any failure with its code; `context` says what the user was doing when it happened. */
  error(err: unknown, context?: string): void {
    const e = toKintsugiError(err);
    // The log keeps the English message whatever the display language.
    console.warn(`${e.code}: ${e.message}`);
    const tr = this.#tr();
    this.show('error', context ?? tr.t('toast.generic'), errorText(tr, e), e.code);
  }

  /** The pointer is over the toast (being read, its text selected): it stays. */
  hold(id: number): void {
    this.#clearTimer(id);
  }

  /** Starts (again) the toast's time to go. */
  release(id: number): void {
    const toast = this.items.find((t) => t.id === id);
    if (!toast) return;
    this.#clearTimer(id);
    this.#timers.set(
      id,
      setTimeout(() => this.dismiss(id), DISMISS_MS[toast.kind]),
    );
  }

  dismiss(id: number): void {
    this.#clearTimer(id);
    this.items = this.items.filter((t) => t.id !== id);
  }

  #clearTimer(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }
}
