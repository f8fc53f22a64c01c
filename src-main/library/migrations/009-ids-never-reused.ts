import type { Database } from 'better-sqlite3';
import { KintsugiError } from '../../../src-shared/errors.js';
import type { Migration } from './migration.js';

/** Tables whose ids name pixels outside the database (media URLs, result files): an id must never come back. */
const TABLES = ['images', 'results', 'job_items'] as const;

/**
 * Rebuild `table` with `id INTEGER PRIMARY KEY AUTOINCREMENT`, keeping its columns, rows, constraints and indexes
 * (SQLite's documented way to change a table's definition; the caller has turned foreign keys off, so dropping the
 * old table cascades nothing and the children's references resolve to the new one by name).
 */
function addAutoincrement(db: Database, table: (typeof TABLES)[number]): void {
  const { sql } = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string };
  const rebuilt = sql.replace(/^CREATE TABLE "?\w+"?/, `CREATE TABLE ${table}_rebuilt`).replace(/\bid INTEGER PRIMARY KEY\b(?! AUTOINCREMENT)/, '$& AUTOINCREMENT');
  if (!rebuilt.includes('AUTOINCREMENT')) throw new KintsugiError('E_DB', `Table ${table} has no integer primary key named id`);
  const indexes = (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL").all(table) as { sql: string }[]).map(
    (row) => row.sql,
  );
  db.exec(rebuilt);
  db.exec(`INSERT INTO ${table}_rebuilt SELECT * FROM ${table}`);
  db.exec(`DROP TABLE ${table}`);
  db.exec(`ALTER TABLE ${table}_rebuilt RENAME TO ${table}`);
  for (const index of indexes) db.exec(index);
}

/**
 * Ids that are never reused. Without AUTOINCREMENT SQLite hands out max(id) + 1, so discarding the newest result (or
 * removing the newest image, or a job's last items) gave its id to the next one, and every cache keyed by the media
 * URL (`result/<id>`) served the old pixels for the new content. With AUTOINCREMENT an id once used stays used.
 */
function up(db: Database): void {
  for (const table of TABLES) addAutoincrement(db, table);
}

export const migration009: Migration = { version: 9, name: 'ids-never-reused', up, foreignKeysOff: true };
