import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../images/test-images.js';
import { openDatabase } from '../db.js';
import { getMask, putMask } from '../masks-repo.js';
import { acceptResult, insertResult, LIST_RESULTS_SQL, listResults, type NewResult } from '../results-repo.js';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from './index.js';

const NOW = '2024-01-01T00:00:00.000Z';

function insertImage(db: Database.Database, sha: string): number {
  const info = db
    .prepare(
      `INSERT INTO images (project_id, path, name, sha256, bytes, width, height, format, bit_depth, channels, added_at)
       VALUES (1, '/p/a.png', 'a.png', ?, 10, 4, 3, 'png', 8, 3, ?)`,
    )
    .run(sha.repeat(64), NOW);
  return Number(info.lastInsertRowid);
}

function newResult(imageId: number, parentId: number | null): NewResult {
  return {
    imageId,
    parentId,
    operation: 'inpaint',
    engine: 'patchmatch',
    params: { mode: 'fill', seed: 1 },
    path: 'results/x.png',
    width: 4,
    height: 3,
    durationMs: 12,
  };
}

function count(db: Database.Database, table: string): number {
  return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

describe('migration 003: masks and results', () => {
  it('builds an empty file up to the latest version with both tables', () => {
    const db = openDatabase(join(tempDir('db'), 'library.sqlite'));
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(LATEST_VERSION).toBeGreaterThanOrEqual(3);
    expect(count(db, 'masks')).toBe(0);
    expect(count(db, 'results')).toBe(0);
    db.close();
  });

  it('upgrades a version-2 database with rows, keeping them', () => {
    const file = join(tempDir('db'), 'library.sqlite');
    const v2 = new Database(file);
    migrate(v2, MIGRATIONS.slice(0, 2));
    const imageId = insertImage(v2, 'a');
    v2.prepare('INSERT INTO thumbnails (image_id, width, height, webp) VALUES (?, 4, 3, ?)').run(imageId, Buffer.from([1, 2]));
    v2.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT id, name FROM images').all()).toEqual([{ id: imageId, name: 'a.png' }]);
    expect(count(db, 'thumbnails')).toBe(1);
    putMask(db, { imageId, png: Buffer.from([9]), width: 4, height: 3, coverage: 0.25, updatedAt: NOW });
    expect(getMask(db, imageId)).toMatchObject({ imageId, width: 4, height: 3, coverage: 0.25 });
    db.close();
  });

  it('deletes an image’s mask and its whole chain of results with it', () => {
    const db = openDatabase(':memory:');
    const keep = insertImage(db, 'a');
    const gone = insertImage(db, 'b');
    putMask(db, { imageId: gone, png: Buffer.from([1]), width: 4, height: 3, coverage: 0.5, updatedAt: NOW });
    const first = insertResult(db, newResult(gone, null));
    insertResult(db, newResult(gone, first));
    insertResult(db, newResult(keep, null));
    db.prepare('DELETE FROM images WHERE id = ?').run(gone);
    expect(count(db, 'masks')).toBe(0);
    expect(listResults(db, gone)).toEqual([]);
    expect(listResults(db, keep)).toHaveLength(1);
    db.close();
  });

  it('refuses a version that others were made from, a bad status, a mask of a missing image and bad params', () => {
    const db = openDatabase(':memory:');
    const imageId = insertImage(db, 'a');
    const parent = insertResult(db, newResult(imageId, null));
    insertResult(db, newResult(imageId, parent));
    expect(() => db.prepare('DELETE FROM results WHERE id = ?').run(parent)).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("UPDATE results SET status = 'maybe'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE results SET params = 'not json'").run()).toThrow(/CHECK/);
    expect(() => putMask(db, { imageId: 999, png: Buffer.from([1]), width: 1, height: 1, coverage: 0, updatedAt: NOW })).toThrow(/FOREIGN KEY/);
    expect(() => putMask(db, { imageId, png: Buffer.from([1]), width: 1, height: 1, coverage: 1.5, updatedAt: NOW })).toThrow(/CHECK/);
    db.close();
  });

  it('accepts a result together with the pending versions it was made from', () => {
    const db = openDatabase(':memory:');
    const imageId = insertImage(db, 'a');
    const a = insertResult(db, newResult(imageId, null));
    const b = insertResult(db, newResult(imageId, a));
    const c = insertResult(db, newResult(imageId, b));
    const other = insertResult(db, newResult(imageId, null));
    acceptResult(db, b);
    expect(listResults(db, imageId).map((r) => [r.id, r.status])).toEqual([
      [a, 'accepted'],
      [b, 'accepted'],
      [c, 'pending'],
      [other, 'pending'],
    ]);
    expect(listResults(db, imageId)[0]).toMatchObject({ params: { mode: 'fill', seed: 1 }, parentId: null, durationMs: 12 });
    db.close();
  });

  it('gives the history query an index, oldest first without a sort (EXPLAIN QUERY PLAN)', () => {
    const db = openDatabase(':memory:');
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${LIST_RESULTS_SQL}`).all(1) as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan).toMatch(/USING INDEX results_by_image/);
    expect(plan).not.toMatch(/TEMP B-TREE/);
    const childPlan = (db.prepare('EXPLAIN QUERY PLAN SELECT count(*) FROM results WHERE parent_id = ?').all(1) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');
    expect(childPlan).toMatch(/results_by_parent/);
    db.close();
  });
});
