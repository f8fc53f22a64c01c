import { describe, expect, it } from 'vitest';
import { BATCH_STATUSES, type BatchCounts, type BatchStatus } from '../../../src-shared/contract/batch.js';
import { batchActions, batchPercent, batchStatusBadge, countsSummary, finishedCount, isInterrupted } from './batch-actions.js';

const counts = (c: Partial<BatchCounts> = {}): BatchCounts => ({ total: 10, pending: 10, running: 0, done: 0, failed: 0, skipped: 0, ...c });
const job = (status: BatchStatus, c: Partial<BatchCounts> = {}) => ({ status, counts: counts(c) });

describe('batchActions', () => {
  it('a queued or running job can be paused or cancelled, never removed', () => {
    for (const status of ['queued', 'running'] as const) {
      expect(batchActions(job(status), false)).toEqual({ pause: true, resume: false, cancel: true, retryFailed: false, remove: false, exportLog: false });
    }
  });

  it('a paused or failed job can be resumed, cancelled or removed', () => {
    for (const status of ['paused', 'failed'] as const) {
      expect(batchActions(job(status), false)).toEqual({ pause: false, resume: true, cancel: true, retryFailed: false, remove: true, exportLog: false });
    }
  });

  it('failed files can be retried while the job can still run, and the log exported when there is one', () => {
    const c = { done: 7, failed: 2, skipped: 1, pending: 0 };
    expect(batchActions(job('completed', c), false)).toEqual({ pause: false, resume: false, cancel: false, retryFailed: true, remove: true, exportLog: true });
    expect(batchActions(job('running', c), false).retryFailed).toBe(true);
    expect(batchActions(job('cancelled', c), false)).toEqual({ pause: false, resume: false, cancel: false, retryFailed: false, remove: true, exportLog: true });
    expect(batchActions(job('completed', { done: 9, skipped: 1, pending: 0 }), false)).toMatchObject({ retryFailed: false, exportLog: true });
  });

  it('nothing can be pressed while a call on the job is in flight', () => {
    for (const status of BATCH_STATUSES) {
      expect(Object.values(batchActions(job(status, { failed: 1 }), true)).some(Boolean)).toBe(false);
    }
  });
});

describe('batch status and progress', () => {
  it('says why a job is paused', () => {
    const none = counts();
    expect(batchStatusBadge({ status: 'paused', pauseReason: 'interrupted', counts: none })).toEqual({ label: 'Interrupted', tone: 'warning' });
    expect(batchStatusBadge({ status: 'paused', pauseReason: 'error', counts: none }).label).toBe('Paused: error');
    expect(batchStatusBadge({ status: 'paused', pauseReason: 'user', counts: none }).label).toBe('Paused');
    expect(batchStatusBadge({ status: 'running', pauseReason: null, counts: none })).toEqual({ label: 'Running', tone: 'active' });
    expect(batchStatusBadge({ status: 'completed', pauseReason: null, counts: none })).toEqual({ label: 'Completed', tone: 'success' });
    expect(batchStatusBadge({ status: 'completed', pauseReason: null, counts: counts({ failed: 1 }) })).toEqual({ label: 'Completed with errors', tone: 'warning' });
    expect(isInterrupted({ status: 'paused', pauseReason: 'interrupted' })).toBe(true);
    expect(isInterrupted({ status: 'paused', pauseReason: 'user' })).toBe(false);
  });

  it('counts every finished file and the one in progress by its fraction', () => {
    const c = counts({ pending: 5, running: 1, done: 2, failed: 1, skipped: 1 });
    expect(finishedCount(c)).toBe(4);
    expect(batchPercent(c)).toBe(40);
    expect(batchPercent(c, 0.5)).toBe(45);
    expect(batchPercent(counts({ pending: 6, done: 4 }), 0.5)).toBe(40);
    expect(batchPercent(counts({ total: 0, pending: 0 }))).toBe(100);
    expect(countsSummary(c)).toBe('4 of 10 · 1 failed · 1 skipped');
    expect(countsSummary(counts())).toBe('0 of 10');
  });
});
