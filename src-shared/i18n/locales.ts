/** The languages Kintsugi speaks; the first is the fallback when nothing the user prefers matches. */
export const LOCALES = ['en', 'ja'] as const;
export type Locale = (typeof LOCALES)[number];

/** What Settings stores: a language, or `system` to follow the OS / browser. */
export const LANGUAGE_CHOICES = ['system', ...LOCALES] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The first supported language among BCP 47 tags or POSIX names in preference order (`ja-JP`, `ja_JP.UTF-8`,
 * `en-GB`): only the primary subtag counts, since one catalogue per language serves every region.
 */
export function matchLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const primary = tag.split(/[-_.@]/)[0]?.toLowerCase();
    if (isLocale(primary)) return primary;
  }
  return LOCALES[0];
}

/** The CLI's language, the way POSIX tools pick theirs: LC_ALL over LC_MESSAGES over LANG; `C`/unset means English. */
export function localeFromEnv(env: Readonly<Record<string, string | undefined>>): Locale {
  const value = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return matchLocale(value ? [value] : []);
}

/** The language to show: the Settings choice, else the host's preference list. */
export function resolveLocale(choice: LanguageChoice | undefined, preferred: readonly string[]): Locale {
  return choice === undefined || choice === 'system' ? matchLocale(preferred) : choice;
}
