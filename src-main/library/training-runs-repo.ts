import type { Database } from 'better-sqlite3';
import type { ModelKind, RunBaseline, RunStatus, TrainingConfig, TrainingRun } from '../../src-shared/contract/index.js';

/** A run as stored: the contract's run without its newest metric points (those live in training_metrics). */
export interface RunRecord extends Omit<TrainingRun, 'lastLosses' | 'lastValidation'> {
  /** The newest preview grid, relative to the data folder. */
  previewPath: string | null;
  /** The Kintsugi process driving the run while it is running. */
  ownerPid: number | null;
}

export interface NewRun {
  name: string;
  kind: ModelKind;
  config: TrainingConfig;
  dataset: TrainingRun['dataset'];
  totalSteps: number;
  ownerPid: number;
}

/** The run's files, relative to its data folder, fixed when it is created. */
export interface RunSplit {
  train: string[];
  validation: string[];
}

export type RunPatch = Partial<
  Pick<RunRecord, 'status' | 'step' | 'totalSteps' | 'checkpointStep' | 'backend' | 'previewStep' | 'previewPath' | 'error' | 'modelId' | 'ownerPid' | 'baseline'>
>;

interface RunRow {
  id: number;
  name: string;
  kind: string;
  status: string;
  config: string;
  dataset: string;
  step: number;
  total_steps: number;
  checkpoint_step: number;
  backend: string | null;
  preview_step: number | null;
  preview_path: string | null;
  error: string | null;
  model_id: number | null;
  owner_pid: number | null;
  /** JSON of a RunBaseline (written by this code), or NULL. */
  baseline: string | null;
  created_at: string;
  updated_at: string;
}

const COLUMN_OF: { [K in keyof Required<RunPatch>]: keyof RunRow } = {
  status: 'status',
  step: 'step',
  totalSteps: 'total_steps',
  checkpointStep: 'checkpoint_step',
  backend: 'backend',
  previewStep: 'preview_step',
  previewPath: 'preview_path',
  error: 'error',
  modelId: 'model_id',
  ownerPid: 'owner_pid',
  baseline: 'baseline',
};

function rowToRun(row: RunRow): RunRecord {
  return {
    id: row.id,
    name: row.name,
    // The table's CHECKs admit only the contract's kinds and statuses; config and dataset are written by this code.
    kind: row.kind as ModelKind,
    status: row.status as RunStatus,
    config: JSON.parse(row.config) as TrainingConfig,
    dataset: JSON.parse(row.dataset) as TrainingRun['dataset'],
    step: row.step,
    totalSteps: row.total_steps,
    checkpointStep: row.checkpoint_step,
    backend: row.backend,
    previewStep: row.preview_step,
    previewPath: row.preview_path,
    error: row.error,
    modelId: row.model_id,
    ownerPid: row.owner_pid,
    baseline: row.baseline === null ? null : (JSON.parse(row.baseline) as RunBaseline),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Create a running run with its split, in one transaction. */
export function insertRun(db: Database, run: NewRun, split: RunSplit): RunRecord {
  return db.transaction(() => {
    const now = new Date().toISOString();
    const info = db
      .prepare(
        `INSERT INTO training_runs (name, kind, status, config, dataset, total_steps, owner_pid, created_at, updated_at)
         VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?)`,
      )
      .run(run.name, run.kind, JSON.stringify(run.config), JSON.stringify(run.dataset), run.totalSteps, run.ownerPid, now, now);
    const id = Number(info.lastInsertRowid);
    const file = db.prepare('INSERT INTO training_run_files (run_id, path, split) VALUES (?, ?, ?)');
    for (const path of split.train) file.run(id, path, 'train');
    for (const path of split.validation) file.run(id, path, 'validation');
    return getRun(db, id) as RunRecord;
  })();
}

export function getRun(db: Database, id: number): RunRecord | undefined {
  const row = db.prepare('SELECT * FROM training_runs WHERE id = ?').get(id) as RunRow | undefined;
  return row && rowToRun(row);
}

/** Newest first. */
export function listRuns(db: Database): RunRecord[] {
  return (db.prepare('SELECT * FROM training_runs ORDER BY id DESC').all() as RunRow[]).map(rowToRun);
}

export function getSplit(db: Database, id: number): RunSplit {
  const rows = db.prepare('SELECT path, split FROM training_run_files WHERE run_id = ? ORDER BY path').all(id) as {
    path: string;
    split: string;
  }[];
  return {
    train: rows.filter((r) => r.split === 'train').map((r) => r.path),
    validation: rows.filter((r) => r.split === 'validation').map((r) => r.path),
  };
}

/** Change some fields; `updated_at` follows. */
export function updateRun(db: Database, id: number, patch: RunPatch): void {
  const keys = (Object.keys(patch) as (keyof RunPatch)[]).filter((k) => patch[k] !== undefined);
  if (keys.length === 0) return;
  const sets = keys.map((k) => `${COLUMN_OF[k]} = @${k}`).join(', ');
  db.prepare(`UPDATE training_runs SET ${sets}, updated_at = @updatedAt WHERE id = @id`).run({
    ...patch,
    ...(patch.baseline !== undefined ? { baseline: patch.baseline === null ? null : JSON.stringify(patch.baseline) } : {}),
    id,
    updatedAt: new Date().toISOString(),
  });
}

/**
 * Runs left `running` by a Kintsugi process that is gone (the app was killed, the machine slept and rebooted):
 * they become `paused` with `note(run)` as their error, so the user can resume them. A run whose owner is still
 * alive (a training CLI beside the app) is left alone. Returns how many changed.
 */
export function pauseOrphanedRuns(db: Database, isAlive: (pid: number) => boolean, note: (run: RunRecord) => string): number {
  return db.transaction(() => {
    const rows = db.prepare("SELECT * FROM training_runs WHERE status = 'running'").all() as RunRow[];
    let changed = 0;
    for (const run of rows.map(rowToRun)) {
      if (run.ownerPid !== null && isAlive(run.ownerPid)) continue;
      updateRun(db, run.id, { status: 'paused', error: note(run), ownerPid: null });
      changed++;
    }
    return changed;
  })();
}

export function deleteRun(db: Database, id: number): boolean {
  return db.prepare('DELETE FROM training_runs WHERE id = ?').run(id).changes > 0;
}
