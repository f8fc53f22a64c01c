import { resolveLocale, type LanguageChoice, type Locale } from '../../../src-shared/i18n/locales.js';
import type { MessageKey } from '../../../src-shared/i18n/messages-en.js';
import { createTranslator, type MessageParams, type Translator } from '../../../src-shared/i18n/translator.js';

const translators = new Map<Locale, Translator>();
function translatorFor(locale: Locale): Translator {
  let tr = translators.get(locale);
  if (!tr) {
    tr = createTranslator(locale);
    translators.set(locale, tr);
  }
  return tr;
}

/**
 * The renderer's language: the Settings choice, else the desktop's (Electron reports app.getLocale() through
 * system.info), else the browser's list. Reading `t` inside a template subscribes it to a language change.
 */
export class I18nState {
  choice = $state<LanguageChoice>('system');
  hostLocale = $state<string | null>(null);
  readonly #browserLanguages: readonly string[];

  constructor(browserLanguages: readonly string[]) {
    this.#browserLanguages = browserLanguages;
  }

  /** What `system` means here, in preference order. */
  get systemLocale(): Locale {
    return resolveLocale('system', this.hostLocale ? [this.hostLocale, ...this.#browserLanguages] : this.#browserLanguages);
  }

  get locale(): Locale {
    return this.choice === 'system' ? this.systemLocale : this.choice;
  }

  get tr(): Translator {
    return translatorFor(this.locale);
  }

  t = (key: MessageKey, params?: MessageParams): string => this.tr.t(key, params);
}
