import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../images/test-images.js';
import { openDatabase } from '../db.js';
import { insertLosses, listLosses } from '../training-metrics-repo.js';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from './index.js';

const NOW = '2024-01-01T00:00:00.000Z';

/** A run row with the fewest columns the schema asks for; returns its id. */
function insertRun(db: Database.Database): number {
  const config = JSON.stringify({ kind: 'gan' });
  const dataset = JSON.stringify({ folder: '/photos', usable: 1, train: 1, validation: 0, minSide: 64, skippedCount: 0 });
  return Number(
    db
      .prepare(
        `INSERT INTO training_runs (name, kind, status, config, dataset, total_steps, created_at, updated_at)
         VALUES ('faces', 'gan', 'running', ?, ?, 10, ?, ?)`,
      )
      .run(config, dataset, NOW, NOW).lastInsertRowid,
  );
}

describe('migration 007: losses a run does not have are NULL', () => {
  it('upgrades a version-6 database keeping its loss and validation rows', () => {
    const file = join(tempDir('db'), 'library.sqlite');
    const v6 = new Database(file);
    migrate(v6, MIGRATIONS.slice(0, 6));
    const runId = insertRun(v6);
    insertLosses(v6, runId, [{ step: 1, gAdv: 0.7, gL1: 0.2, d: 0.6, stepsPerSecond: 2 }]);
    v6.prepare(`INSERT INTO training_metrics (run_id, kind, step, psnr, ssim, l1) VALUES (?, 'validation', 1, 20, 0.5, 0.1)`).run(runId);
    v6.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(MIGRATIONS[6]?.name).toBe('nullable-losses');
    expect(listLosses(db, runId)).toEqual([{ step: 1, gAdv: 0.7, gL1: 0.2, d: 0.6, stepsPerSecond: 2 }]);
    expect(db.prepare("SELECT count(*) AS n FROM training_metrics WHERE kind = 'validation'").get()).toEqual({ n: 1 });
    db.close();
  });

  it('stores a GAN step with no L1 and an L1-only step with no adversarial or D loss as NULL, and still refuses a loss row without losses or rate', () => {
    const db = openDatabase(join(tempDir('db'), 'library.sqlite'));
    const runId = insertRun(db);
    insertLosses(db, runId, [
      { step: 3, gAdv: 1.5, gL1: null, d: 0.4, stepsPerSecond: 5 },
      { step: 4, gAdv: null, gL1: 0.3, d: null, stepsPerSecond: 5 },
    ]);
    expect(listLosses(db, runId)).toEqual([
      { step: 3, gAdv: 1.5, gL1: null, d: 0.4, stepsPerSecond: 5 },
      { step: 4, gAdv: null, gL1: 0.3, d: null, stepsPerSecond: 5 },
    ]);
    expect(() => db.prepare(`INSERT INTO training_metrics (run_id, kind, step, d, steps_per_second) VALUES (?, 'loss', 5, 1, 1)`).run(runId)).toThrow(
      /CHECK constraint failed/,
    );
    expect(() => db.prepare(`INSERT INTO training_metrics (run_id, kind, step, g_adv) VALUES (?, 'loss', 6, 1)`).run(runId)).toThrow(/CHECK constraint failed/);
    expect(() => db.prepare(`INSERT INTO training_metrics (run_id, kind, step, psnr, ssim, l1, g_l1) VALUES (?, 'validation', 4, 1, 1, 1, 1)`).run(runId)).toThrow(
      /CHECK constraint failed/,
    );
    db.close();
  });
});
