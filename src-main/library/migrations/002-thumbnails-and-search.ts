import type { Database } from 'better-sqlite3';
import { searchKey } from '../search-key.js';
import type { Migration } from './migration.js';

/**
 * Thumbnails in their own table (blobs kept out of the list query's rows), and a folded `search_name` for
 * case-insensitive search: SQLite's LIKE folds ASCII only, so "CAFÉ" would miss "café" without it.
 * Indexes: (project_id, id) serves the newest-first page and its count; (project_id, search_name) lets the
 * filtered count run on the index alone.
 */
function up(db: Database): void {
  db.exec(`
    CREATE TABLE thumbnails (
      image_id INTEGER PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
      width INTEGER NOT NULL CHECK (width > 0),
      height INTEGER NOT NULL CHECK (height > 0),
      webp BLOB NOT NULL
    ) STRICT;

    ALTER TABLE images ADD COLUMN search_name TEXT NOT NULL DEFAULT '';
  `);
  // Folding needs JavaScript's Unicode lower-casing, so existing rows are backfilled row by row.
  const rows = db.prepare('SELECT id, name FROM images').all() as { id: number; name: string }[];
  const update = db.prepare('UPDATE images SET search_name = ? WHERE id = ?');
  for (const row of rows) update.run(searchKey(row.name), row.id);
  db.exec(`
    CREATE INDEX images_by_project ON images (project_id, id);
    CREATE INDEX images_by_search_name ON images (project_id, search_name);
  `);
}

export const migration002: Migration = { version: 2, name: 'thumbnails-and-search', up };
