import { IntlMessageFormat } from 'intl-messageformat';
import { en, type MessageKey } from './messages-en.js';
import { ja } from './messages-ja.js';
import type { Locale } from './locales.js';

export type MessageParams = Record<string, string | number | Date>;

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, ja };

/** Every message in one language, formatted through ICU MessageFormat; parsed formats are kept per key. */
export interface Translator {
  readonly locale: Locale;
  t(key: MessageKey, params?: MessageParams): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  date(value: Date | string | number, options?: Intl.DateTimeFormatOptions): string;
  /** Binary units as file managers show them, the figure in the locale's digits and separators. */
  bytes(bytes: number): string;
}

/** One ICU message, parsed. No rich-text tags: `<command>` in a usage line is text. */
export function parseMessage(message: string, locale: Locale): IntlMessageFormat {
  return new IntlMessageFormat(message, locale, undefined, { ignoreTag: true });
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

export function createTranslator(locale: Locale): Translator {
  const formats = new Map<MessageKey, IntlMessageFormat>();
  const format = (key: MessageKey): IntlMessageFormat => {
    let f = formats.get(key);
    if (!f) {
      f = parseMessage(CATALOGUES[locale][key], locale);
      formats.set(key, f);
    }
    return f;
  };
  const number = (value: number, options?: Intl.NumberFormatOptions): string => new Intl.NumberFormat(locale, options).format(value);
  return {
    locale,
    t: (key, params) => String(format(key).format(params)),
    number,
    date: (value, options = { dateStyle: 'medium', timeStyle: 'short' }) =>
      new Intl.DateTimeFormat(locale, options).format(value instanceof Date ? value : new Date(value)),
    bytes: (bytes) => {
      let value = bytes;
      let unit = 0;
      while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
        value /= 1024;
        unit++;
      }
      return `${number(value, { maximumFractionDigits: unit === 0 ? 0 : 1, minimumFractionDigits: unit === 0 ? 0 : 1 })} ${BYTE_UNITS[unit]}`;
    },
  };
}
