import type { Database } from 'better-sqlite3';
import {
  BatchParamsSchema,
  type BatchCounts,
  type BatchError,
  type BatchItem,
  type BatchItemStatus,
  type BatchJob,
  type BatchKind,
  type BatchParams,
  type BatchPauseReason,
  type BatchStatus,
} from '../../src-shared/contract/index.js';
import { isErrorCode } from '../../src-shared/errors.js';

/** A job as stored: the contract's BatchJob without the counts (derived), plus what only main needs. */
export interface BatchJobRecord extends Omit<BatchJob, 'counts'> {
  paramsKey: string;
  ownerPid: number | null;
}

export interface BatchItemRecord extends BatchItem {
  /** The hidden file the result is being written to or renamed from (see migration 005). */
  tempPath: string | null;
}

export interface NewBatchJob {
  kind: BatchKind;
  name: string;
  params: BatchParams;
  paramsKey: string;
  status: BatchStatus;
  ownerPid: number | null;
}

export interface NewBatchItem {
  inputPath: string;
  relativePath: string;
  imageId: number | null;
  outputPath: string;
}

/** The fields of a job's state that change together. */
export interface JobState {
  status: BatchStatus;
  pauseReason: BatchPauseReason | null;
  error: BatchError | null;
  ownerPid: number | null;
}

interface JobRow {
  id: number;
  kind: string;
  name: string;
  params: string;
  params_key: string;
  status: string;
  pause_reason: string | null;
  error_code: string | null;
  error_message: string | null;
  owner_pid: number | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

interface ItemRow {
  id: number;
  job_id: number;
  position: number;
  input_path: string;
  relative_path: string;
  image_id: number | null;
  output_path: string;
  temp_path: string | null;
  status: string;
  code: string | null;
  reason: string | null;
  finished_at: string | null;
  duration_ms: number | null;
}

const now = (): string => new Date().toISOString();

function rowToJob(row: JobRow): BatchJobRecord {
  const error = row.error_code !== null && isErrorCode(row.error_code) ? { code: row.error_code, message: row.error_message ?? '' } : null;
  return {
    id: row.id,
    // The table's CHECKs admit only the contract's values.
    kind: row.kind as BatchKind,
    name: row.name,
    // Parsed rather than cast: defaults added to the contract later fill in for old rows.
    params: BatchParamsSchema.parse(JSON.parse(row.params)),
    paramsKey: row.params_key,
    status: row.status as BatchStatus,
    pauseReason: row.pause_reason as BatchPauseReason | null,
    error,
    ownerPid: row.owner_pid,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

function rowToItem(row: ItemRow): BatchItemRecord {
  return {
    id: row.id,
    jobId: row.job_id,
    index: row.position,
    relativePath: row.relative_path,
    inputPath: row.input_path,
    imageId: row.image_id,
    outputPath: row.output_path,
    tempPath: row.temp_path,
    status: row.status as BatchItemStatus,
    code: row.code,
    reason: row.reason,
    durationMs: row.duration_ms,
    finishedAt: row.finished_at,
  };
}

export function insertJob(db: Database, job: NewBatchJob): number {
  const at = now();
  const info = db
    .prepare(
      `INSERT INTO jobs (kind, name, params, params_key, status, owner_pid, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(job.kind, job.name, JSON.stringify(job.params), job.paramsKey, job.status, job.ownerPid, at, at);
  return Number(info.lastInsertRowid);
}

/**
 * Append items after the job's last position; an input the job already has is left as it is (its row, status and
 * output stay). Returns how many were added.
 */
export function appendItems(db: Database, jobId: number, items: readonly NewBatchItem[]): number {
  const last = db.prepare('SELECT coalesce(max(position), 0) FROM job_items WHERE job_id = ?').pluck().get(jobId) as number;
  const insert = db.prepare(
    `INSERT INTO job_items (job_id, position, input_path, relative_path, image_id, output_path)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (job_id, input_path) DO NOTHING`,
  );
  let added = 0;
  for (const item of items) {
    added += insert.run(jobId, last + added + 1, item.inputPath, item.relativePath, item.imageId, item.outputPath).changes;
  }
  return added;
}

export function getJob(db: Database, id: number): BatchJobRecord | undefined {
  const row = db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  return row && rowToJob(row);
}

/** Newest first. */
export function listJobs(db: Database): BatchJobRecord[] {
  return (db.prepare('SELECT * FROM jobs ORDER BY id DESC').all() as JobRow[]).map(rowToJob);
}

/** Jobs made from the same normalised parameters, newest first. */
export function findJobsByKey(db: Database, paramsKey: string): BatchJobRecord[] {
  return (db.prepare('SELECT * FROM jobs WHERE params_key = ? ORDER BY id DESC').all(paramsKey) as JobRow[]).map(rowToJob);
}

export function jobsWithStatus(db: Database, statuses: readonly BatchStatus[]): BatchJobRecord[] {
  const marks = statuses.map(() => '?').join(', ');
  return (db.prepare(`SELECT * FROM jobs WHERE status IN (${marks}) ORDER BY id`).all(...statuses) as JobRow[]).map(rowToJob);
}

/**
 * Set a job's state. Entering `running` stamps `started_at`; entering a final status (completed, cancelled, failed)
 * stamps `finished_at`, and leaving one clears it.
 */
export function setJobState(db: Database, id: number, state: JobState): void {
  const at = now();
  const final = state.status === 'completed' || state.status === 'cancelled' || state.status === 'failed';
  db.prepare(
    `UPDATE jobs SET status = @status, pause_reason = @pause_reason, error_code = @error_code, error_message = @error_message,
       owner_pid = @owner_pid, updated_at = @at,
       started_at = CASE WHEN @status = 'running' THEN @at ELSE started_at END,
       finished_at = CASE WHEN @final THEN @at ELSE NULL END
     WHERE id = @id`,
  ).run({
    id,
    status: state.status,
    pause_reason: state.pauseReason,
    error_code: state.error?.code ?? null,
    error_message: state.error?.message ?? null,
    owner_pid: state.ownerPid,
    at,
    final: final ? 1 : 0,
  });
}

export function deleteJob(db: Database, id: number): boolean {
  return db.prepare('DELETE FROM jobs WHERE id = ?').run(id).changes > 0;
}

const NO_COUNTS: BatchCounts = { total: 0, pending: 0, running: 0, done: 0, failed: 0, skipped: 0 };

export function countItems(db: Database, jobId: number): BatchCounts {
  const rows = db.prepare('SELECT status, count(*) AS n FROM job_items WHERE job_id = ? GROUP BY status').all(jobId) as { status: BatchItemStatus; n: number }[];
  const counts = { ...NO_COUNTS };
  for (const row of rows) {
    counts[row.status] = row.n;
    counts.total += row.n;
  }
  return counts;
}

export function getItem(db: Database, id: number): BatchItemRecord | undefined {
  const row = db.prepare('SELECT * FROM job_items WHERE id = ?').get(id) as ItemRow | undefined;
  return row && rowToItem(row);
}

/** The next file to process, in job order. */
export function nextPendingItem(db: Database, jobId: number): BatchItemRecord | undefined {
  const row = db
    .prepare("SELECT * FROM job_items WHERE job_id = ? AND status = 'pending' ORDER BY position LIMIT 1")
    .get(jobId) as ItemRow | undefined;
  return row && rowToItem(row);
}

/** A page of items in job order; SQL exported for the EXPLAIN QUERY PLAN test. */
export function listItemsSql(statuses: readonly BatchItemStatus[] | undefined): { page: string; count: string } {
  const where = statuses ? `job_id = ? AND status IN (${statuses.map(() => '?').join(', ')})` : 'job_id = ?';
  return {
    page: `SELECT * FROM job_items WHERE ${where} ORDER BY position LIMIT ? OFFSET ?`,
    count: `SELECT count(*) FROM job_items WHERE ${where}`,
  };
}

export function listItems(
  db: Database,
  q: { jobId: number; statuses?: readonly BatchItemStatus[] | undefined; offset: number; limit: number },
): { total: number; items: BatchItemRecord[] } {
  const sql = listItemsSql(q.statuses);
  const params = [q.jobId, ...(q.statuses ?? [])];
  const total = db.prepare(sql.count).pluck().get(...params) as number;
  const rows = db.prepare(sql.page).all(...params, q.limit, q.offset) as ItemRow[];
  return { total, items: rows.map(rowToItem) };
}

/** Every planned output of a job, to keep the outputs of files added by a re-run apart from them. */
export function listOutputPaths(db: Database, jobId: number): string[] {
  return db.prepare('SELECT output_path FROM job_items WHERE job_id = ?').pluck().all(jobId) as string[];
}

/** Items a crash may have left mid-way: running ones, and done ones whose rename may not have happened. */
export function unsettledItems(db: Database, jobId: number): BatchItemRecord[] {
  const rows = db
    .prepare("SELECT * FROM job_items WHERE job_id = ? AND (status = 'running' OR temp_path IS NOT NULL) ORDER BY position")
    .all(jobId) as ItemRow[];
  return rows.map(rowToItem);
}

export function markItemRunning(db: Database, id: number, tempPath: string): void {
  db.prepare(
    "UPDATE job_items SET status = 'running', temp_path = ?, started_at = ?, code = NULL, reason = NULL, finished_at = NULL, duration_ms = NULL WHERE id = ?",
  ).run(tempPath, now(), id);
}

/**
 * Record how an item ended. A done item keeps its `temp_path`: it names the file still to be renamed into place,
 * and is cleared by `clearItemTemp` once that happened. Failed and skipped items wrote nothing.
 */
export function finishItem(
  db: Database,
  id: number,
  outcome: { status: 'done' | 'failed' | 'skipped'; code: string | null; reason: string | null; durationMs: number },
): void {
  db.prepare(
    `UPDATE job_items SET status = @status, code = @code, reason = @reason, duration_ms = @duration, finished_at = @at,
       temp_path = CASE WHEN @status = 'done' THEN temp_path ELSE NULL END
     WHERE id = @id`,
  ).run({ id, status: outcome.status, code: outcome.code, reason: outcome.reason, duration: outcome.durationMs, at: now() });
}

export function clearItemTemp(db: Database, id: number): void {
  db.prepare('UPDATE job_items SET temp_path = NULL WHERE id = ?').run(id);
}

/** Back to the queue, as if it never started. */
export function resetItem(db: Database, id: number): void {
  db.prepare(
    "UPDATE job_items SET status = 'pending', temp_path = NULL, code = NULL, reason = NULL, started_at = NULL, finished_at = NULL, duration_ms = NULL WHERE id = ?",
  ).run(id);
}

/** Failed items back to pending; returns how many. */
export function resetFailedItems(db: Database, jobId: number): number {
  return db
    .prepare(
      "UPDATE job_items SET status = 'pending', code = NULL, reason = NULL, started_at = NULL, finished_at = NULL, duration_ms = NULL WHERE job_id = ? AND status = 'failed'",
    )
    .run(jobId).changes;
}
