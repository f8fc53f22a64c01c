import type { Database } from 'better-sqlite3';
import { ColourHintsSchema, type HintPreset, type HintPresetSummary, type StoredHintPreset } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';

interface PresetRow {
  id: number;
  name: string;
  width: number;
  height: number;
  hints: string;
  hint_count: number;
  created_at: string;
  updated_at: string;
}

const SUMMARY_COLUMNS = 'id, name, width, height, hint_count, created_at, updated_at';

function rowToSummary(row: Omit<PresetRow, 'hints'>): HintPresetSummary {
  return {
    id: row.id,
    name: row.name,
    width: row.width,
    height: row.height,
    hintCount: row.hint_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Every preset, by name (ignoring case), without the hints. */
export function listHintPresets(db: Database): HintPresetSummary[] {
  const rows = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM hint_presets ORDER BY name, id`).all() as Omit<PresetRow, 'hints'>[];
  return rows.map(rowToSummary);
}

/** One preset with its hints; undefined when there is none with this id. */
export function getHintPreset(db: Database, id: number): StoredHintPreset | undefined {
  const row = db.prepare('SELECT * FROM hint_presets WHERE id = ?').get(id) as PresetRow | undefined;
  if (!row) return undefined;
  // Checked on the way out: a file edited by hand (or by a newer Kintsugi) must not feed the engine garbage.
  const hints = ColourHintsSchema.safeParse(JSON.parse(row.hints));
  if (!hints.success) throw new KintsugiError('E_DB', `The colour hints of preset "${row.name}" are unreadable`);
  return { ...rowToSummary(row), hints: hints.data };
}

/** Inserts the preset, or replaces the hints and size of the one with the same name (ignoring case), keeping its id. */
export function saveHintPreset(db: Database, preset: HintPreset): HintPresetSummary {
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO hint_presets (name, width, height, hints, hint_count, created_at, updated_at)
     VALUES (@name, @width, @height, @hints, @hint_count, @now, @now)
     ON CONFLICT (name) DO UPDATE SET name = excluded.name, width = excluded.width, height = excluded.height,
       hints = excluded.hints, hint_count = excluded.hint_count, updated_at = excluded.updated_at`,
  ).run({ name: preset.name, width: preset.width, height: preset.height, hints: JSON.stringify(preset.hints), hint_count: preset.hints.length, now });
  const row = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM hint_presets WHERE name = ?`).get(preset.name) as Omit<PresetRow, 'hints'>;
  return rowToSummary(row);
}

export function deleteHintPreset(db: Database, id: number): boolean {
  return db.prepare('DELETE FROM hint_presets WHERE id = ?').run(id).changes > 0;
}
