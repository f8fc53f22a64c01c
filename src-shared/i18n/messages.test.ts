import type { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors.js';
import { LOCALES } from './locales.js';
import { en } from './messages-en.js';
import { ja } from './messages-ja.js';
import { parseMessage } from './translator.js';

const CATALOGUES = { en, ja } as const;

type Element = ReturnType<IntlMessageFormat['getAst']>[number];

/** The placeholder names a message uses, at any depth of its plurals and selects. */
function argumentNames(elements: readonly Element[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    // Type 0 is literal text, 7 the plural's `#`; every other element with a string value names an argument.
    if (el.type !== 0 && el.type !== 7 && 'value' in el && typeof el.value === 'string') into.add(el.value);
    if ('options' in el) for (const option of Object.values(el.options)) argumentNames(option.value, into);
    if ('children' in el) argumentNames(el.children, into);
  }
  return into;
}

describe('message catalogues', () => {
  it('have the same keys in every language', () => {
    const keys = Object.keys(en).sort();
    for (const locale of LOCALES) expect(Object.keys(CATALOGUES[locale]).sort(), locale).toEqual(keys);
  });

  it('have a non-empty message for every key', () => {
    for (const locale of LOCALES) {
      for (const [key, message] of Object.entries(CATALOGUES[locale])) expect(message.trim(), `${locale} ${key}`).not.toBe('');
    }
  });

  it('parse as ICU MessageFormat and use the same placeholders in every language', () => {
    for (const [key, message] of Object.entries(en)) {
      const names = [...argumentNames(parseMessage(message, 'en').getAst())].sort();
      for (const locale of LOCALES) {
        const translated = CATALOGUES[locale][key as keyof typeof en];
        expect([...argumentNames(parseMessage(translated, locale).getAst())].sort(), `${locale} ${key}`).toEqual(names);
      }
    }
  });

  it('explain every error code', () => {
    for (const code of ERROR_CODES) expect(en).toHaveProperty(`error.${code}`);
  });
});
