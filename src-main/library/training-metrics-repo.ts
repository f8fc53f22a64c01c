import type { Database } from 'better-sqlite3';
import type { LossPoint, ValidationPoint } from '../../src-shared/contract/index.js';

interface LossRow {
  step: number;
  g_adv: number | null;
  g_l1: number | null;
  d: number | null;
  steps_per_second: number;
}

interface ValidationRow {
  step: number;
  psnr: number;
  ssim: number;
  l1: number;
}

function rowToLoss(row: LossRow): LossPoint {
  return { step: row.step, gAdv: row.g_adv, gL1: row.g_l1, d: row.d, stepsPerSecond: row.steps_per_second };
}

function rowToValidation(row: ValidationRow): ValidationPoint {
  return { step: row.step, psnr: row.psnr, ssim: row.ssim, l1: row.l1 };
}

/** A run's loss history oldest first; exported for the EXPLAIN QUERY PLAN test. */
export const LIST_LOSSES_SQL =
  "SELECT step, g_adv, g_l1, d, steps_per_second FROM training_metrics WHERE run_id = ? AND kind = 'loss' ORDER BY step";
const LIST_VALIDATION_SQL =
  "SELECT step, psnr, ssim, l1 FROM training_metrics WHERE run_id = ? AND kind = 'validation' ORDER BY step";

/**
 * Store step losses, many at a time in one transaction (a step every few hundred milliseconds would otherwise be a
 * commit each). A step already stored is replaced: after a resume the same step may be trained again.
 */
export function insertLosses(db: Database, runId: number, points: readonly LossPoint[]): void {
  const insert = db.prepare(
    `INSERT OR REPLACE INTO training_metrics (run_id, kind, step, g_adv, g_l1, d, steps_per_second)
     VALUES (?, 'loss', ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const p of points) insert.run(runId, p.step, p.gAdv, p.gL1, p.d, p.stepsPerSecond);
  })();
}

export function insertValidation(db: Database, runId: number, point: ValidationPoint): void {
  db.prepare(
    `INSERT OR REPLACE INTO training_metrics (run_id, kind, step, psnr, ssim, l1) VALUES (?, 'validation', ?, ?, ?, ?)`,
  ).run(runId, point.step, point.psnr, point.ssim, point.l1);
}

export function listLosses(db: Database, runId: number): LossPoint[] {
  return (db.prepare(LIST_LOSSES_SQL).all(runId) as LossRow[]).map(rowToLoss);
}

export function listValidation(db: Database, runId: number): ValidationPoint[] {
  return (db.prepare(LIST_VALIDATION_SQL).all(runId) as ValidationRow[]).map(rowToValidation);
}

/** The newest loss and validation points, for a run's summary. */
export function lastPoints(db: Database, runId: number): { loss: LossPoint | null; validation: ValidationPoint | null } {
  const loss = db
    .prepare(
      "SELECT step, g_adv, g_l1, d, steps_per_second FROM training_metrics WHERE run_id = ? AND kind = 'loss' ORDER BY step DESC LIMIT 1",
    )
    .get(runId) as LossRow | undefined;
  const validation = db
    .prepare("SELECT step, psnr, ssim, l1 FROM training_metrics WHERE run_id = ? AND kind = 'validation' ORDER BY step DESC LIMIT 1")
    .get(runId) as ValidationRow | undefined;
  return { loss: loss ? rowToLoss(loss) : null, validation: validation ? rowToValidation(validation) : null };
}

/** Forget what was recorded after `step` (a resume goes back to its checkpoint and trains those steps again). */
export function deleteMetricsAfter(db: Database, runId: number, step: number): number {
  return db.prepare('DELETE FROM training_metrics WHERE run_id = ? AND step > ?').run(runId, step).changes;
}
