import type { BatchCounts, BatchJob, BatchStatus } from '../../../src-shared/contract/index.js';
import type { StatusTone } from './status-tone.js';

/** Which of a batch job's buttons may be pressed now. */
export interface BatchActions {
  pause: boolean;
  resume: boolean;
  cancel: boolean;
  retryFailed: boolean;
  remove: boolean;
  exportLog: boolean;
}

const NONE: BatchActions = { pause: false, resume: false, cancel: false, retryFailed: false, remove: false, exportLog: false };

/**
 * What a job in this state can do (the service refuses the rest). `busy` is true while a call on the job is in
 * flight, so a double click cannot pause twice or remove a job that is being resumed.
 */
export function batchActions(job: Pick<BatchJob, 'status' | 'counts'>, busy: boolean): BatchActions {
  if (busy) return NONE;
  const { failed, skipped } = job.counts;
  // Failed files go back to pending in any job that can still run (a running one picks them up as it goes on).
  const retryFailed = failed > 0 && job.status !== 'cancelled';
  const exportLog = failed + skipped > 0;
  switch (job.status) {
    case 'queued':
    case 'running':
      return { pause: true, resume: false, cancel: true, retryFailed, remove: false, exportLog };
    case 'paused':
    case 'failed':
      return { pause: false, resume: true, cancel: true, retryFailed, remove: true, exportLog };
    case 'completed':
      return { pause: false, resume: false, cancel: false, retryFailed, remove: true, exportLog };
    case 'cancelled':
      return { pause: false, resume: false, cancel: false, retryFailed: false, remove: true, exportLog };
  }
}

const STATUS: Record<BatchStatus, { label: string; tone: StatusTone }> = {
  queued: { label: 'Queued', tone: 'neutral' },
  running: { label: 'Running', tone: 'active' },
  paused: { label: 'Paused', tone: 'neutral' },
  completed: { label: 'Completed', tone: 'success' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
  failed: { label: 'Failed', tone: 'danger' },
};

/**
 * The status as the user should read it: a pause says why, since an interrupted or stuck job needs them, and a
 * completed job with failed files is no plain green success.
 */
export function batchStatusBadge(job: Pick<BatchJob, 'status' | 'pauseReason'> & { counts: Pick<BatchCounts, 'failed'> }): { label: string; tone: StatusTone } {
  if (job.status === 'paused' && job.pauseReason === 'interrupted') return { label: 'Interrupted', tone: 'warning' };
  if (job.status === 'completed' && job.counts.failed > 0) return { label: 'Completed with errors', tone: 'warning' };
  if (job.status === 'paused' && job.pauseReason === 'error') return { label: 'Paused: error', tone: 'danger' };
  return STATUS[job.status];
}

/** Left by an app that stopped mid-job: offered for resume when the app starts. */
export function isInterrupted(job: Pick<BatchJob, 'status' | 'pauseReason'>): boolean {
  return job.status === 'paused' && job.pauseReason === 'interrupted';
}

/** Files the job is through with, whatever the outcome. */
export function finishedCount(counts: BatchCounts): number {
  return counts.done + counts.failed + counts.skipped;
}

/** How far the job is, 0–100; the file in progress counts by its own fraction. */
export function batchPercent(counts: BatchCounts, currentFraction = 0): number {
  if (counts.total === 0) return 100;
  return Math.min(100, ((finishedCount(counts) + (counts.running > 0 ? currentFraction : 0)) / counts.total) * 100);
}

/** "12 of 50 · 2 failed · 1 skipped", the counts a list row shows. */
export function countsSummary(counts: BatchCounts): string {
  const parts = [`${finishedCount(counts)} of ${counts.total}`];
  if (counts.failed > 0) parts.push(`${counts.failed} failed`);
  if (counts.skipped > 0) parts.push(`${counts.skipped} skipped`);
  return parts.join(' · ');
}
