import type { Database } from 'better-sqlite3';
import type { Migration } from './migration.js';

/**
 * A loss a run does not have is NULL instead of a made-up 0: a GAN's step has no L1 (no target to compare a sample
 * with), and an inpainting run on L1 alone has no discriminator (no adversarial or D loss). SQLite cannot change a
 * CHECK in place: the table is rebuilt with the same rows.
 */
function up(db: Database): void {
  db.exec(`
    CREATE TABLE training_metrics_new (
      run_id INTEGER NOT NULL REFERENCES training_runs (id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('loss', 'validation')),
      step INTEGER NOT NULL CHECK (step >= 0),
      g_adv REAL,
      g_l1 REAL,
      d REAL,
      steps_per_second REAL CHECK (steps_per_second >= 0),
      psnr REAL,
      ssim REAL,
      l1 REAL,
      PRIMARY KEY (run_id, kind, step),
      CHECK ((kind = 'loss') = (steps_per_second IS NOT NULL)),
      CHECK ((g_adv IS NULL AND g_l1 IS NULL AND d IS NULL) OR kind = 'loss'),
      CHECK (kind = 'validation' OR g_adv IS NOT NULL OR g_l1 IS NOT NULL),
      CHECK ((kind = 'validation') = (psnr IS NOT NULL AND ssim IS NOT NULL AND l1 IS NOT NULL))
    ) STRICT, WITHOUT ROWID;

    INSERT INTO training_metrics_new SELECT run_id, kind, step, g_adv, g_l1, d, steps_per_second, psnr, ssim, l1 FROM training_metrics;
    DROP TABLE training_metrics;
    ALTER TABLE training_metrics_new RENAME TO training_metrics;
  `);
}

export const migration007: Migration = { version: 7, name: 'nullable-losses', up };
