import type { Database } from 'better-sqlite3';
import type { Migration } from './migration.js';

/**
 * Masks and results (versions of an image).
 * - `masks`: one per image, as the grey PNG the renderer paints (255 = hole); PNG keeps a 24-megapixel mask to a
 *   few kilobytes, and `coverage` lets lists show it without decoding.
 * - `results`: each version's pixels are a PNG file under `<dataDir>/results/` (`path`, relative to the data folder,
 *   so the folder can move); the row is its history entry. `parent_id` is the version it was made from (NULL = the
 *   original). Its default NO ACTION is checked at the end of a statement, so deleting an image still cascades through
 *   a whole chain, while deleting one version that others were made from is refused. `operation` is not constrained
 *   here: new operations (colorize) must not need a table rebuild.
 * Indexes: (image_id, id) serves an image's history oldest first; parent_id serves the foreign-key check on delete.
 */
function up(db: Database): void {
  db.exec(`
    CREATE TABLE masks (
      image_id INTEGER PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
      png BLOB NOT NULL,
      width INTEGER NOT NULL CHECK (width > 0),
      height INTEGER NOT NULL CHECK (height > 0),
      coverage REAL NOT NULL CHECK (coverage BETWEEN 0 AND 1),
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE results (
      id INTEGER PRIMARY KEY,
      image_id INTEGER NOT NULL REFERENCES images (id) ON DELETE CASCADE,
      parent_id INTEGER REFERENCES results (id),
      operation TEXT NOT NULL,
      engine TEXT NOT NULL,
      params TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params)),
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted')),
      path TEXT NOT NULL CHECK (path <> ''),
      width INTEGER NOT NULL CHECK (width > 0),
      height INTEGER NOT NULL CHECK (height > 0),
      duration_ms REAL NOT NULL CHECK (duration_ms >= 0),
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE INDEX results_by_image ON results (image_id, id);
    CREATE INDEX results_by_parent ON results (parent_id);
  `);
}

export const migration003: Migration = { version: 3, name: 'masks-and-results', up };
