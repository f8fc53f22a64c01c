import type { Database } from 'better-sqlite3';
import type { Migration } from './migration.js';

/**
 * Batch jobs (issue 5) and their files.
 * - `jobs`: parameters as JSON (they follow the contract's BatchParams, which grows); `params_key` is a hash of the
 *   normalised parameters, so re-running the same CLI command finds its job. `owner_pid` is the Kintsugi process
 *   that queued or runs the job, so an app starting beside a batch CLI does not take that job for an interrupted one.
 *   The counts are not stored: they are an aggregate over `job_items` by the (job_id, status) index, so they can
 *   never drift from the rows.
 * - `job_items`: one row per input; `position` (from 1) is its place in the job and the processing order (files a
 *   re-run finds later are appended, so id order is position order within a job). `output_path` is planned when the
 *   job is created (so a result can be found again after a crash); `temp_path` is the hidden file the result is
 *   written to before it is renamed into place: set while the item runs, and kept past the commit that marks it done
 *   until the rename is over, so a restart can finish (or clean up) whatever a crash interrupted. `image_id` is the
 *   library image an item came from; not a foreign key: removing an image from the library must not rewrite a job's
 *   history. UNIQUE (job_id, input_path) lets a re-run add only files that are new in the folder.
 * Index (job_id, status, position) serves the counts, the next pending file and status-filtered item pages;
 * UNIQUE (job_id, position) serves the unfiltered pages.
 */
function up(db: Database): void {
  db.exec(`
    CREATE TABLE jobs (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL CHECK (kind IN ('colorize', 'inpaint')),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      params TEXT NOT NULL CHECK (json_valid(params)),
      params_key TEXT NOT NULL CHECK (length(params_key) = 64),
      status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'paused', 'completed', 'cancelled', 'failed')),
      pause_reason TEXT CHECK (pause_reason IN ('user', 'error', 'interrupted')),
      error_code TEXT,
      error_message TEXT,
      owner_pid INTEGER,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT
    ) STRICT;

    CREATE INDEX jobs_by_params_key ON jobs (params_key, id);

    CREATE TABLE job_items (
      id INTEGER PRIMARY KEY,
      job_id INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
      position INTEGER NOT NULL CHECK (position > 0),
      input_path TEXT NOT NULL CHECK (input_path <> ''),
      relative_path TEXT NOT NULL CHECK (relative_path <> ''),
      image_id INTEGER,
      output_path TEXT NOT NULL CHECK (output_path <> ''),
      temp_path TEXT,
      status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed', 'skipped')),
      code TEXT,
      reason TEXT,
      started_at TEXT,
      finished_at TEXT,
      duration_ms REAL CHECK (duration_ms >= 0),
      UNIQUE (job_id, input_path),
      UNIQUE (job_id, position)
    ) STRICT;

    CREATE INDEX job_items_by_status ON job_items (job_id, status, position);
  `);
}

export const migration005: Migration = { version: 5, name: 'batch-jobs', up };
