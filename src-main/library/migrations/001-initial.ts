import type { Database } from 'better-sqlite3';
import type { Migration } from './migration.js';

/**
 * Projects, images and settings.
 * Duplicates are decided per project (`UNIQUE (project_id, sha256)`): the same photo may sit in two projects,
 * but importing it twice into one project is reported as a duplicate.
 */
function up(db: Database): void {
  db.exec(`
    CREATE TABLE projects (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE COLLATE NOCASE,
      created_at TEXT NOT NULL
    ) STRICT;

    INSERT INTO projects (name, created_at) VALUES ('Library', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

    CREATE TABLE images (
      id INTEGER PRIMARY KEY,
      project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
      path TEXT NOT NULL,
      name TEXT NOT NULL,
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      bytes INTEGER NOT NULL CHECK (bytes >= 0),
      width INTEGER NOT NULL CHECK (width > 0),
      height INTEGER NOT NULL CHECK (height > 0),
      format TEXT NOT NULL,
      bit_depth INTEGER NOT NULL CHECK (bit_depth > 0),
      channels INTEGER NOT NULL CHECK (channels > 0),
      orientation INTEGER NOT NULL DEFAULT 1 CHECK (orientation BETWEEN 1 AND 8),
      has_icc INTEGER NOT NULL DEFAULT 0 CHECK (has_icc IN (0, 1)),
      added_at TEXT NOT NULL,
      UNIQUE (project_id, sha256)
    ) STRICT;

    CREATE TABLE settings (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL CHECK (json_valid(value))
    ) STRICT;
  `);
}

export const migration001: Migration = { version: 1, name: 'initial', up };
