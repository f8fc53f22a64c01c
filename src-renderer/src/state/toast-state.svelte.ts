import { untrack } from 'svelte';
import type { ErrorCode } from '../../../src-shared/errors.js';
import { toKintsugiError } from '../api/invoke-result.js';

export type ToastKind = 'error' | 'info' | 'success';

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  message?: string;
  code?: ErrorCode;
}

/** Notes come and go by themselves; errors stay until dismissed so none is missed while the user looks away. */
const AUTO_DISMISS_MS = 5000;
const MAX_TOASTS = 6;

export class ToastState {
  items = $state<Toast[]>([]);
  #nextId = 1;

  show(kind: ToastKind, title: string, message?: string, code?: ErrorCode): void {
    const toast: Toast = { id: this.#nextId++, kind, title, ...(message ? { message } : {}), ...(code ? { code } : {}) };
    // Untracked, so a failure reported from inside an effect does not subscribe that effect to the toasts.
    untrack(() => (this.items = [...this.items, toast].slice(-MAX_TOASTS)));
    if (kind !== 'error') setTimeout(() => this.dismiss(toast.id), AUTO_DISMISS_MS);
  }

  /** Shows any failure with its code; `context` says what the user was doing when it happened. */
  error(err: unknown, context = 'Something went wrong'): void {
    const e = toKintsugiError(err);
    this.show('error', context, e.message, e.code);
  }

  dismiss(id: number): void {
    this.items = this.items.filter((t) => t.id !== id);
  }
}
