import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../images/test-images.js';
import { openDatabase } from '../db.js';
import { getRun } from '../training-runs-repo.js';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from './index.js';

const NOW = '2024-01-01T00:00:00.000Z';

describe('migration 011: colorize runs recorded before the encoder colorizer are pix2pix runs', () => {
  it('marks old colorize runs pix2pix and leaves other kinds alone', () => {
    const file = join(tempDir('db'), 'library.sqlite');
    const v10 = new Database(file);
    migrate(v10, MIGRATIONS.slice(0, 10));
    const dataset = JSON.stringify({ folder: '/photos', usable: 2, train: 1, validation: 1, minSide: 64, skippedCount: 0 });
    const insert = (kind: string) =>
      Number(
        v10
          .prepare(
            `INSERT INTO training_runs (name, kind, status, config, dataset, total_steps, created_at, updated_at)
             VALUES ('old', ?, 'paused', ?, ?, 10, ?, ?)`,
          )
          .run(kind, JSON.stringify({ kind, size: 128 }), dataset, NOW, NOW).lastInsertRowid,
      );
    const colorize = insert('colorize');
    const inpaint = insert('inpaint');
    v10.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(MIGRATIONS[10]?.name).toBe('colorize-arch');
    expect(getRun(db, colorize)?.config).toEqual({ kind: 'colorize', size: 128, colorizeArch: 'pix2pix' });
    expect(getRun(db, inpaint)?.config).toEqual({ kind: 'inpaint', size: 128 });
    db.close();
  });
});
