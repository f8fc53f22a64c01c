import type { Database } from 'better-sqlite3';
import { SettingsSchema, type Settings } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';

export const DEFAULT_SETTINGS: Settings = { backend: 'auto' };

interface SettingRow {
  key: string;
  value: string;
}

const SETTING_KEYS = Object.keys(SettingsSchema.shape) as (keyof Settings)[];

/**
 * Stored values are checked one key at a time: a value this version does not understand (written by a newer
 * Kintsugi, say a backend it dropped) falls back to its default instead of making the whole app unusable.
 */
export function getSettings(db: Database): Settings {
  const rows = db.prepare('SELECT key, value FROM settings').all() as SettingRow[];
  const stored: Record<string, unknown> = {};
  for (const row of rows) {
    const key = SETTING_KEYS.find((k) => k === row.key);
    if (!key) continue; // a key of a newer version: kept in the table, ignored here
    const parsed = SettingsSchema.shape[key].safeParse(JSON.parse(row.value));
    if (parsed.success) stored[key] = parsed.data;
  }
  // Each value passed its own key's schema above, so the whole does too.
  return { ...DEFAULT_SETTINGS, ...(stored as Partial<Settings>) };
}

export function updateSettings(db: Database, patch: Partial<Settings>): Settings {
  const checked = SettingsSchema.partial().strict().safeParse(patch);
  if (!checked.success) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `Invalid settings: ${checked.error.issues[0]?.message ?? 'bad value'}`);
  }
  const upsert = db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  return db.transaction(() => {
    for (const [key, value] of Object.entries(checked.data)) {
      if (value !== undefined) upsert.run(key, JSON.stringify(value));
    }
    return getSettings(db);
  })();
}
