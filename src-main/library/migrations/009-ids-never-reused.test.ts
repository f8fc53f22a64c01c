import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../images/test-images.js';
import { openDatabase } from '../db.js';
import { deleteResult, insertResult, listResults, type NewResult } from '../results-repo.js';
import { LATEST_VERSION, MIGRATIONS, migrate } from './index.js';

const NOW = '2024-01-01T00:00:00.000Z';

function insertImage(db: Database.Database, sha: string): number {
  return Number(
    db
      .prepare(
        `INSERT INTO images (project_id, path, name, sha256, bytes, width, height, format, bit_depth, channels, added_at, search_name)
         VALUES (1, '/p/a.png', 'A.png', ?, 10, 4, 3, 'png', 8, 3, ?, 'a.png')`,
      )
      .run(sha.repeat(64), NOW).lastInsertRowid,
  );
}

function result(imageId: number, parentId: number | null = null): NewResult {
  return { imageId, parentId, operation: 'inpaint', engine: 'patchmatch', params: {}, path: 'results/x.png', width: 4, height: 3, durationMs: 1 };
}

function v8Library(): { file: string; imageId: number; first: number; second: number } {
  const file = join(tempDir('db'), 'library.sqlite');
  const v8 = new Database(file);
  v8.pragma('foreign_keys = ON');
  migrate(v8, MIGRATIONS.slice(0, 8));
  const imageId = insertImage(v8, 'a');
  v8.prepare('INSERT INTO thumbnails (image_id, width, height, webp) VALUES (?, 4, 3, ?)').run(imageId, Buffer.from([1]));
  const first = insertResult(v8, result(imageId));
  const second = insertResult(v8, result(imageId, first));
  v8.close();
  return { file, imageId, first, second };
}

describe('migration 009: ids are never reused', () => {
  it('keeps every row, index and reference of a version-8 library', () => {
    const { file, imageId, first, second } = v8Library();
    const db = openDatabase(file);
    expect(LATEST_VERSION).toBeGreaterThanOrEqual(9);
    expect(listResults(db, imageId).map((r) => [r.id, r.parentId])).toEqual([
      [first, null],
      [second, first],
    ]);
    expect(db.prepare('SELECT name, search_name FROM images').all()).toEqual([{ name: 'A.png', search_name: 'a.png' }]);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['images_by_project', 'images_by_search_name', 'results_by_image', 'results_by_parent', 'job_items_by_status']));
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    // A version others were made from still cannot go, and removing the image still takes its rows along.
    expect(() => deleteResult(db, first)).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM images WHERE id = ?').run(imageId);
    expect(db.prepare('SELECT count(*) FROM results').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM thumbnails').pluck().get()).toBe(0);
    db.close();
  });

  it('gives a discarded result’s id, or a removed image’s, to nothing else', () => {
    const { file, imageId, second } = v8Library();
    const db = openDatabase(file);
    deleteResult(db, second);
    expect(insertResult(db, result(imageId))).toBe(second + 1);
    db.prepare('DELETE FROM images WHERE id = ?').run(imageId);
    expect(insertImage(db, 'b')).toBe(imageId + 1);
    db.close();
  });

  it('leaves foreign keys as they were when a rebuild fails', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const broken = [...MIGRATIONS.slice(0, 8), { version: 9, name: 'broken', foreignKeysOff: true, up: (d: Database.Database) => d.exec('SELECT nope FROM nowhere') }];
    expect(() => migrate(db, broken)).toThrow(/nowhere/);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(8);
  });
});
