import type { Database } from 'better-sqlite3';
import type { Migration } from './migration.js';

/**
 * A run's baseline: the scores a non-learned engine (PatchMatch, for inpainting) gets on the run's own validation
 * cases, as JSON, so the run view can say whether the model beats it. NULL for kinds without one and older runs.
 */
function up(db: Database): void {
  db.exec('ALTER TABLE training_runs ADD COLUMN baseline TEXT');
}

export const migration008: Migration = { version: 8, name: 'run-baseline', up };
