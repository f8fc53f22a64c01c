import type { Database } from 'better-sqlite3';
import type { Migration } from './migration.js';

/**
 * Models, training runs and their metric history (DESIGN §4–§6).
 * - `models`: a model's files are a folder `dir`, relative to the data folder (so the folder can move). AUTOINCREMENT
 *   because ids are remembered elsewhere (a version's engine `model-<id>`, a fine-tune's base): a deleted model's id
 *   must never name a different model later. At most one default per kind: a partial unique index.
 * - `training_runs`: config and dataset summary as JSON (they follow the contract's schemas, which grow). `owner_pid`
 *   is the Kintsugi process driving a running run, so an app starting beside a training CLI does not take that run
 *   for an interrupted one. `preview_path` (relative to the data folder) is the newest preview grid. AUTOINCREMENT for
 *   the same reason as models (the run's folder and its preview media are named by id).
 * - `training_run_files`: the train/validation split, fixed when the run is created, so every resume trains and
 *   validates on the same files. Paths are relative to the run's data folder.
 * - `training_metrics`: one row per reported step loss and per validation point. The key (run_id, kind, step) is the
 *   index that reads a run's history oldest first and deletes what lies beyond a checkpoint on resume, and it makes a
 *   duplicate step impossible.
 * `models.run_id` and `training_runs.model_id` point at each other; both become NULL when the other row goes, so
 * deleting a run keeps its model and deleting a model keeps its run.
 */
function up(db: Database): void {
  db.exec(`
    CREATE TABLE models (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL CHECK (kind IN ('colorize', 'inpaint', 'gan')),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      arch TEXT NOT NULL CHECK (arch <> ''),
      input_size INTEGER NOT NULL CHECK (input_size > 0),
      source TEXT NOT NULL CHECK (source IN ('trained', 'imported', 'shipped')),
      dir TEXT NOT NULL UNIQUE CHECK (dir <> ''),
      bytes INTEGER NOT NULL CHECK (bytes >= 0),
      parameters INTEGER NOT NULL CHECK (parameters >= 0),
      metrics TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metrics)),
      provenance TEXT CHECK (provenance IS NULL OR json_valid(provenance)),
      run_id INTEGER REFERENCES training_runs (id) ON DELETE SET NULL,
      is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE UNIQUE INDEX models_one_default_per_kind ON models (kind) WHERE is_default = 1;
    CREATE INDEX models_by_run ON models (run_id);

    CREATE TABLE training_runs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      kind TEXT NOT NULL CHECK (kind IN ('colorize', 'inpaint', 'gan')),
      status TEXT NOT NULL CHECK (status IN ('running', 'paused', 'completed', 'stopped', 'failed')),
      config TEXT NOT NULL CHECK (json_valid(config)),
      dataset TEXT NOT NULL CHECK (json_valid(dataset)),
      step INTEGER NOT NULL DEFAULT 0 CHECK (step >= 0),
      total_steps INTEGER NOT NULL CHECK (total_steps > 0),
      checkpoint_step INTEGER NOT NULL DEFAULT 0 CHECK (checkpoint_step >= 0),
      backend TEXT,
      preview_step INTEGER CHECK (preview_step >= 0),
      preview_path TEXT CHECK (preview_path <> ''),
      error TEXT,
      model_id INTEGER REFERENCES models (id) ON DELETE SET NULL,
      owner_pid INTEGER CHECK (owner_pid > 0),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      CHECK ((preview_step IS NULL) = (preview_path IS NULL))
    ) STRICT;

    CREATE INDEX training_runs_by_model ON training_runs (model_id);

    CREATE TABLE training_run_files (
      run_id INTEGER NOT NULL REFERENCES training_runs (id) ON DELETE CASCADE,
      path TEXT NOT NULL CHECK (path <> ''),
      split TEXT NOT NULL CHECK (split IN ('train', 'validation')),
      PRIMARY KEY (run_id, path)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE training_metrics (
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
      CHECK ((kind = 'loss') = (g_adv IS NOT NULL AND g_l1 IS NOT NULL AND d IS NOT NULL AND steps_per_second IS NOT NULL)),
      CHECK ((kind = 'validation') = (psnr IS NOT NULL AND ssim IS NOT NULL AND l1 IS NOT NULL))
    ) STRICT, WITHOUT ROWID;
  `);
}

export const migration004: Migration = { version: 4, name: 'models-and-training', up };
