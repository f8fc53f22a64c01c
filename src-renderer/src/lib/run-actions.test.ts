import { describe, expect, it } from 'vitest';
import { runActions } from './run-actions.js';

const run = (status: Parameters<typeof runActions>[0]['status'], step = 50, totalSteps = 100) => ({ status, step, totalSteps });

describe('runActions', () => {
  it('a running run can be paused or stopped, never removed', () => {
    expect(runActions(run('running'), false)).toEqual({ pause: true, resume: false, stop: true, remove: false });
  });

  it('a paused run can be resumed, stopped (registering its model) or removed', () => {
    expect(runActions(run('paused'), false)).toEqual({ pause: false, resume: true, stop: true, remove: true });
  });

  it('stopped and failed runs resume while steps remain', () => {
    expect(runActions(run('stopped'), false)).toEqual({ pause: false, resume: true, stop: false, remove: true });
    expect(runActions(run('failed'), false)).toEqual({ pause: false, resume: true, stop: false, remove: true });
    expect(runActions(run('stopped', 100, 100), false).resume).toBe(false);
  });

  it('a completed run can only be removed', () => {
    expect(runActions(run('completed', 100, 100), false)).toEqual({ pause: false, resume: false, stop: false, remove: true });
  });

  it('nothing can be pressed while a call on the run is in flight', () => {
    for (const status of ['running', 'paused', 'stopped', 'failed', 'completed'] as const) {
      expect(runActions(run(status), true)).toEqual({ pause: false, resume: false, stop: false, remove: false });
    }
  });
});
