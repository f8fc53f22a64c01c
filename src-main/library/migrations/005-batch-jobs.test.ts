import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BatchParamsSchema } from '../../../src-shared/contract/index.js';
import { tempDir } from '../../images/test-images.js';
import * as repo from '../batch-jobs-repo.js';
import { openDatabase } from '../db.js';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from './index.js';

const PARAMS = BatchParamsSchema.parse({
  input: { type: 'folder', folder: '/in' },
  output: { folder: '/out' },
  operation: { kind: 'inpaint', masksFolder: '/masks' },
});

function newJob(db: Database.Database, key = 'k'.repeat(64)): number {
  return repo.insertJob(db, { kind: 'inpaint', name: 'scans', params: PARAMS, paramsKey: key, status: 'queued', ownerPid: 42 });
}

function items(n: number, prefix = 'a'): repo.NewBatchItem[] {
  return Array.from({ length: n }, (_, i) => ({
    inputPath: `/in/${prefix}${i}.jpg`,
    relativePath: `${prefix}${i}.jpg`,
    imageId: null,
    outputPath: `/out/${prefix}${i}.jpg`,
  }));
}

function plan(db: Database.Database, sql: string, params: unknown[]): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');
}

describe('migration 005: batch jobs', () => {
  it('is the fifth step and builds an empty file with both tables', () => {
    expect(MIGRATIONS[4]?.name).toBe('batch-jobs');
    const db = openDatabase(join(tempDir('db'), 'library.sqlite'));
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT count(*) FROM jobs').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM job_items').pluck().get()).toBe(0);
    db.close();
  });

  it('upgrades a version-4 database with images, keeping them', () => {
    const file = join(tempDir('db'), 'library.sqlite');
    const v4 = new Database(file);
    migrate(v4, MIGRATIONS.slice(0, 4));
    v4.prepare(
      `INSERT INTO images (project_id, path, name, sha256, bytes, width, height, format, bit_depth, channels, added_at)
       VALUES (1, '/p/a.png', 'a.png', ?, 10, 4, 3, 'png', 8, 3, '2024-01-01T00:00:00.000Z')`,
    ).run('a'.repeat(64));
    v4.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT name FROM images').pluck().all()).toEqual(['a.png']);
    const jobId = newJob(db);
    expect(repo.appendItems(db, jobId, items(2))).toBe(2);
    db.close();
  });

  it('stores a job with its parameters, and counts its items by status', () => {
    const db = openDatabase(':memory:');
    const jobId = newJob(db);
    repo.appendItems(db, jobId, items(3));
    const job = repo.getJob(db, jobId);
    expect(job).toMatchObject({ id: jobId, kind: 'inpaint', status: 'queued', ownerPid: 42, params: PARAMS, pauseReason: null, error: null, finishedAt: null });
    const [first] = repo.listItems(db, { jobId, offset: 0, limit: 10 }).items;
    repo.markItemRunning(db, first!.id, '/out/.a0.jpg.x.part');
    repo.finishItem(db, first!.id, { status: 'failed', code: 'E_BAD_IMAGE', reason: 'broken', durationMs: 5 });
    expect(repo.countItems(db, jobId)).toEqual({ total: 3, pending: 2, running: 0, done: 0, failed: 1, skipped: 0 });
    expect(repo.getItem(db, first!.id)).toMatchObject({ status: 'failed', code: 'E_BAD_IMAGE', tempPath: null, index: 1 });
    repo.setJobState(db, jobId, { status: 'completed', pauseReason: null, error: null, ownerPid: null });
    expect(repo.getJob(db, jobId)?.finishedAt).not.toBeNull();
    db.close();
  });

  it('appends only inputs a job does not have yet, after its last position', () => {
    const db = openDatabase(':memory:');
    const jobId = newJob(db);
    repo.appendItems(db, jobId, items(2));
    expect(repo.appendItems(db, jobId, [...items(2), ...items(1, 'b')])).toBe(1);
    const page = repo.listItems(db, { jobId, offset: 0, limit: 10 }).items;
    expect(page.map((i) => [i.index, i.relativePath])).toEqual([
      [1, 'a0.jpg'],
      [2, 'a1.jpg'],
      [3, 'b0.jpg'],
    ]);
    db.close();
  });

  it('deletes a job’s items with it, and refuses bad statuses, bad params and a duplicate input', () => {
    const db = openDatabase(':memory:');
    const keep = newJob(db);
    const gone = newJob(db);
    repo.appendItems(db, keep, items(2));
    repo.appendItems(db, gone, items(3));
    expect(repo.deleteJob(db, gone)).toBe(true);
    expect(db.prepare('SELECT count(*) FROM job_items').pluck().get()).toBe(2);
    expect(() => db.prepare("UPDATE jobs SET status = 'sleeping'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE job_items SET status = 'maybe'").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE jobs SET params = 'not json'").run()).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO job_items (job_id, position, input_path, relative_path, output_path) VALUES (?, 9, '/in/a0.jpg', 'a0.jpg', '/o')").run(keep),
    ).toThrow(/UNIQUE/);
    expect(() =>
      db.prepare("INSERT INTO job_items (job_id, position, input_path, relative_path, output_path) VALUES (999, 1, '/x', 'x', '/o')").run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('serves counts, the next pending file and item pages from indexes (EXPLAIN QUERY PLAN)', () => {
    const db = openDatabase(':memory:');
    expect(plan(db, "SELECT * FROM job_items WHERE job_id = ? AND status = 'pending' ORDER BY position LIMIT 1", [1])).toMatch(
      /USING INDEX job_items_by_status/,
    );
    expect(plan(db, 'SELECT status, count(*) AS n FROM job_items WHERE job_id = ? GROUP BY status', [1])).toMatch(
      /USING COVERING INDEX job_items_by_status/,
    );
    const filtered = repo.listItemsSql(['failed']);
    expect(plan(db, filtered.page, [1, 'failed', 10, 0])).toMatch(/USING INDEX job_items_by_status/);
    const all = repo.listItemsSql(undefined);
    const allPlan = plan(db, all.page, [1, 10, 0]);
    expect(allPlan).toMatch(/USING INDEX sqlite_autoindex_job_items_\d/);
    expect(allPlan).not.toMatch(/TEMP B-TREE/);
    expect(plan(db, 'SELECT * FROM jobs WHERE params_key = ? ORDER BY id DESC', ['k'])).toMatch(/jobs_by_params_key/);
    db.close();
  });
});
