import type { Database } from 'better-sqlite3';
import type { Migration } from './migration.js';

/**
 * Colour-hint presets (issue 5): scribbles saved by name, to apply to other photos and to batches.
 * `hints` is the contract's ColourHint array as JSON, in pixels of the `width` x `height` image it was drawn on;
 * `hint_count` lets the list show it without parsing long scribbles. Names are unique ignoring case, because
 * saving under a name the user already used means replacing that preset.
 */
function up(db: Database): void {
  db.exec(`
    CREATE TABLE hint_presets (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
      width INTEGER NOT NULL CHECK (width > 0),
      height INTEGER NOT NULL CHECK (height > 0),
      hints TEXT NOT NULL CHECK (json_valid(hints) AND json_type(hints) = 'array'),
      hint_count INTEGER NOT NULL CHECK (hint_count >= 0),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
  `);
}

export const migration006: Migration = { version: 6, name: 'hint-presets', up };
