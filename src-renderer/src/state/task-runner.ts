import type { ErrorCode } from '../../../src-shared/errors.js';
import type { MessageKey } from '../../../src-shared/i18n/messages-en.js';
import type { MessageParams, Translator } from '../../../src-shared/i18n/translator.js';
import type { BusyState } from './busy-state.svelte.js';
import type { ToastState } from './toast-state.svelte.js';

export interface RunOptions {
  /** Leave the busy indicator alone: for quick background calls (a page of thumbnails) that would only flicker. */
  quiet?: boolean;
}

/**
 * The one way the UI calls into the app: every failure becomes a visible error toast with its code, and long calls
 * show the busy indicator. Callers get `undefined` on failure and simply stop.
 */
export class TaskRunner {
  readonly #busy: BusyState;
  readonly #toasts: ToastState;
  readonly #tr: () => Translator;

  constructor(busy: BusyState, toasts: ToastState, tr: () => Translator) {
    this.#busy = busy;
    this.#toasts = toasts;
    this.#tr = tr;
  }

  async run<T>(label: string, work: () => Promise<T>, options: RunOptions = {}): Promise<T | undefined> {
    try {
      return options.quiet ? await work() : await this.#busy.track(label, work);
    } catch (err) {
      this.report(err, label);
      return undefined;
    }
  }

  /** A message in the display language: task labels and the renderer's own refusals are written with it. */
  t(key: MessageKey, params?: MessageParams): string {
    return this.#tr().t(key, params);
  }

  /** A refusal the renderer decides itself (nothing was asked of the app): shown as it is, already translated. */
  refuse(code: ErrorCode, task: string, message: MessageKey): void {
    this.#toasts.show('error', this.t('toast.failed', { task }), this.t(message), code);
  }

  /** For callers that handle a failure themselves but must still show it. */
  report(err: unknown, label: string): void {
    this.#toasts.error(err, this.#tr().t('toast.failed', { task: label }));
  }
}
