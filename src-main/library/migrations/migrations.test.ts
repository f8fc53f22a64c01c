import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../images/test-images.js';
import { openDatabase } from '../db.js';
import { listImagesSql } from '../images-repo.js';
import { DatabaseFromFutureError, LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from './index.js';

function tables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
    (r) => r.name,
  );
}

function dbFile(): string {
  return join(tempDir('db'), 'library.sqlite');
}

describe('migrations', () => {
  it('are numbered 1, 2, … in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    expect(LATEST_VERSION).toBeGreaterThanOrEqual(2);
  });

  it('build an empty file up to the latest version with the default project', () => {
    const db = openDatabase(dbFile());
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(tables(db)).toEqual(expect.arrayContaining(['projects', 'images', 'settings', 'thumbnails']));
    expect(db.prepare('SELECT id, name FROM projects').all()).toEqual([{ id: 1, name: 'Library' }]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('upgrade a version-1 database and keep its rows (search names backfilled)', () => {
    const file = dbFile();
    const v1 = new Database(file);
    migrate(v1, MIGRATIONS.slice(0, 1));
    expect(schemaVersion(v1)).toBe(1);
    v1.prepare(
      `INSERT INTO images (project_id, path, name, sha256, bytes, width, height, format, bit_depth, channels, added_at)
       VALUES (1, '/p/CAFÉ.png', 'CAFÉ.png', ?, 10, 4, 3, 'png', 8, 3, '2024-01-01T00:00:00.000Z')`,
    ).run('a'.repeat(64));
    v1.prepare(`INSERT INTO settings (key, value) VALUES ('backend', '"wasm"')`).run();
    v1.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT name, search_name, width FROM images').all()).toEqual([
      { name: 'CAFÉ.png', search_name: 'café.png', width: 4 },
    ]);
    expect(db.prepare('SELECT value FROM settings').pluck().get()).toBe('"wasm"');
    expect(db.prepare('SELECT count(*) FROM projects').pluck().get()).toBe(1);
    db.close();
  });

  it('refuse a database written by a newer Kintsugi, leaving it untouched', () => {
    const file = dbFile();
    const future = new Database(file);
    future.pragma(`user_version = ${LATEST_VERSION + 1}`);
    future.close();
    let error: unknown;
    try {
      openDatabase(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DatabaseFromFutureError);
    expect(error).toMatchObject({ code: 'E_DB', dbVersion: LATEST_VERSION + 1, knownVersion: LATEST_VERSION });
    const after = new Database(file);
    expect(schemaVersion(after)).toBe(LATEST_VERSION + 1);
    expect(tables(after)).toEqual([]);
    after.close();
  });

  it('roll back a failing step and leave user_version where it was', () => {
    const db = new Database(':memory:');
    const broken = [...MIGRATIONS.slice(0, 1), { version: 2, name: 'broken', up: (d: Database.Database) => d.exec('CREATE TABLE x (a); SELECT nope FROM nowhere;') }];
    expect(() => migrate(db, broken)).toThrow(/no such table/);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('x');
    db.close();
  });

  it('refuse a list of migrations out of order', () => {
    const db = new Database(':memory:');
    expect(() => migrate(db, [...MIGRATIONS].reverse())).toThrow(/expected 1/);
    db.close();
  });

  it('give the list and search queries an index (EXPLAIN QUERY PLAN)', () => {
    const db = openDatabase(':memory:');
    const plan = (sql: string, params: (string | number)[]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
    for (const filter of [{ projectId: 1 }, { projectId: 1, query: 'cat' }]) {
      const sql = listImagesSql(filter);
      const page = plan(sql.page, [...sql.params, 50, 0]);
      expect(page).toMatch(/USING (COVERING )?INDEX images_by_/);
      expect(page).not.toMatch(/TEMP B-TREE/); // newest-first comes from the index, no sort of all rows
      expect(plan(sql.count, sql.params)).toMatch(/USING (COVERING )?INDEX images_by_/);
    }
    db.close();
  });
});
