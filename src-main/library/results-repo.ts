import type { Database } from 'better-sqlite3';
import type { Result } from '../../src-shared/contract/index.js';

/** A version as stored: the contract's Result plus where its PNG lives (relative to the data folder). */
export interface ResultRecord extends Result {
  path: string;
}

export type NewResult = Omit<ResultRecord, 'id' | 'status' | 'createdAt'>;

interface ResultRow {
  id: number;
  image_id: number;
  parent_id: number | null;
  operation: string;
  engine: string;
  params: string;
  status: string;
  path: string;
  width: number;
  height: number;
  duration_ms: number;
  created_at: string;
}

function rowToResult(row: ResultRow): ResultRecord {
  return {
    id: row.id,
    imageId: row.image_id,
    parentId: row.parent_id,
    // The table's CHECK admits only these statuses; operations are written by this code only.
    operation: row.operation as Result['operation'],
    engine: row.engine,
    params: JSON.parse(row.params) as Result['params'],
    status: row.status as Result['status'],
    path: row.path,
    width: row.width,
    height: row.height,
    durationMs: row.duration_ms,
    createdAt: row.created_at,
  };
}

function resultToRow(result: NewResult, createdAt: string): Omit<ResultRow, 'id' | 'status'> {
  return {
    image_id: result.imageId,
    parent_id: result.parentId,
    operation: result.operation,
    engine: result.engine,
    params: JSON.stringify(result.params),
    path: result.path,
    width: result.width,
    height: result.height,
    duration_ms: result.durationMs,
    created_at: createdAt,
  };
}

/** An image's versions oldest first; exported for the EXPLAIN QUERY PLAN test. */
export const LIST_RESULTS_SQL = 'SELECT * FROM results WHERE image_id = ? ORDER BY id';

/** Inserts a pending result and returns its id. */
export function insertResult(db: Database, result: NewResult): number {
  const info = db
    .prepare(
      `INSERT INTO results (image_id, parent_id, operation, engine, params, path, width, height, duration_ms, created_at)
       VALUES (@image_id, @parent_id, @operation, @engine, @params, @path, @width, @height, @duration_ms, @created_at)`,
    )
    .run(resultToRow(result, new Date().toISOString()));
  return Number(info.lastInsertRowid);
}

export function setResultPath(db: Database, id: number, path: string): void {
  db.prepare('UPDATE results SET path = ? WHERE id = ?').run(path, id);
}

export function getResult(db: Database, id: number): ResultRecord | undefined {
  const row = db.prepare('SELECT * FROM results WHERE id = ?').get(id) as ResultRow | undefined;
  return row && rowToResult(row);
}

export function listResults(db: Database, imageId: number): ResultRecord[] {
  return (db.prepare(LIST_RESULTS_SQL).all(imageId) as ResultRow[]).map(rowToResult);
}

/**
 * Accept a result together with the pending versions it was made from: a kept version whose parent could still be
 * discarded would leave a hole in its history.
 */
export function acceptResult(db: Database, id: number): void {
  db.prepare(
    `WITH RECURSIVE chain (id) AS (
       SELECT ?
       UNION ALL
       SELECT r.parent_id FROM results r JOIN chain c ON r.id = c.id WHERE r.parent_id IS NOT NULL
     )
     UPDATE results SET status = 'accepted' WHERE status = 'pending' AND id IN (SELECT id FROM chain)`,
  ).run(id);
}

export function countChildren(db: Database, id: number): number {
  return (db.prepare('SELECT count(*) AS n FROM results WHERE parent_id = ?').get(id) as { n: number }).n;
}

/** Every stored result path, to tell orphaned files (rows cascaded away with their image) from live ones. */
export function listResultPaths(db: Database): Set<string> {
  return new Set((db.prepare('SELECT path FROM results').all() as { path: string }[]).map((r) => r.path));
}

export function deleteResult(db: Database, id: number): boolean {
  return db.prepare('DELETE FROM results WHERE id = ?').run(id).changes > 0;
}
