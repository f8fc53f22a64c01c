import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../images/test-images.js';
import { openDatabase } from '../db.js';
import { getRun, updateRun } from '../training-runs-repo.js';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from './index.js';

const NOW = '2024-01-01T00:00:00.000Z';

describe('migration 008: a run keeps the baseline scores of its validation cases', () => {
  it('upgrades a version-7 database: old runs have no baseline, a new one is stored and read back', () => {
    const file = join(tempDir('db'), 'library.sqlite');
    const v7 = new Database(file);
    migrate(v7, MIGRATIONS.slice(0, 7));
    const config = JSON.stringify({ kind: 'inpaint' });
    const dataset = JSON.stringify({ folder: '/photos', usable: 2, train: 1, validation: 1, minSide: 64, skippedCount: 0 });
    const runId = Number(
      v7
        .prepare(
          `INSERT INTO training_runs (name, kind, status, config, dataset, total_steps, created_at, updated_at)
           VALUES ('scratches', 'inpaint', 'paused', ?, ?, 10, ?, ?)`,
        )
        .run(config, dataset, NOW, NOW).lastInsertRowid,
    );
    v7.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(MIGRATIONS[7]?.name).toBe('run-baseline');
    expect(getRun(db, runId)?.baseline).toBeNull();
    const baseline = { engine: 'patchmatch', psnr: 17.8, ssim: 0.88, l1: 0.12 };
    updateRun(db, runId, { baseline });
    expect(getRun(db, runId)?.baseline).toEqual(baseline);
    db.close();
  });
});
