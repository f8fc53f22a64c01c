import { describe, expect, it } from 'vitest';
import { KintsugiError } from '../errors.js';
import { errorText } from './error-text.js';
import { localeFromEnv, matchLocale, resolveLocale } from './locales.js';
import { createTranslator } from './translator.js';

describe('createTranslator', () => {
  it('formats ICU plurals in English and counters in Japanese', () => {
    const en = createTranslator('en');
    const ja = createTranslator('ja');
    expect(en.t('status.images', { count: 1 })).toBe('1 image');
    expect(en.t('status.images', { count: 1234 })).toBe('1,234 images');
    expect(ja.t('status.images', { count: 1234 })).toBe('画像 1,234 枚');
    expect(ja.t('library.remove.confirm', { count: 3 })).toBe('3 枚を削除');
    expect(ja.t('library.empty.noMatch', { query: 'ｶﾀｶﾅ' })).toBe('「ｶﾀｶﾅ」に一致する画像はありません');
  });

  it('formats sizes, numbers and dates through Intl in the locale', () => {
    expect(createTranslator('en').bytes(1536)).toBe('1.5 KiB');
    expect(createTranslator('en').bytes(512)).toBe('512 B');
    expect(createTranslator('ja').number(1234567.5)).toBe('1,234,567.5');
    const day = new Date(Date.UTC(2024, 0, 31, 12));
    expect(createTranslator('ja').date(day, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })).toBe('2024年1月31日');
    expect(createTranslator('en').date(day, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })).toBe('January 31, 2024');
  });
});

describe('locale choice', () => {
  it('takes the first supported language of the preference list', () => {
    expect(matchLocale(['fr-FR', 'ja-JP', 'en-US'])).toBe('ja');
    expect(matchLocale(['en-GB', 'ja'])).toBe('en');
    expect(matchLocale(['zh-CN'])).toBe('en');
    expect(matchLocale([])).toBe('en');
  });

  it('reads LC_ALL over LC_MESSAGES over LANG, as POSIX does', () => {
    expect(localeFromEnv({ LANG: 'ja_JP.UTF-8' })).toBe('ja');
    expect(localeFromEnv({ LC_ALL: 'C', LANG: 'ja_JP.UTF-8' })).toBe('en');
    expect(localeFromEnv({ LC_ALL: '', LC_MESSAGES: 'ja_JP.eucJP', LANG: 'en_US.UTF-8' })).toBe('ja');
    expect(localeFromEnv({})).toBe('en');
  });

  it('lets the Settings choice win over the system', () => {
    expect(resolveLocale('ja', ['en-US'])).toBe('ja');
    expect(resolveLocale('system', ['ja-JP'])).toBe('ja');
    expect(resolveLocale(undefined, ['en-US'])).toBe('en');
  });
});

describe('errorText', () => {
  it('shows the specific English message in English and the code explained in Japanese', () => {
    const err = new KintsugiError('E_BAD_IMAGE', 'x.png is not a decodable image').toData();
    expect(errorText(createTranslator('en'), err)).toBe('x.png is not a decodable image');
    expect(errorText(createTranslator('ja'), err)).toContain('画像ではありません');
  });
});
