import type { RunStatus, TrainingRun } from '../../../src-shared/contract/index.js';

/** Which of a run's buttons may be pressed now. */
export interface RunActions {
  pause: boolean;
  resume: boolean;
  stop: boolean;
  remove: boolean;
}

const NONE: RunActions = { pause: false, resume: false, stop: false, remove: false };

/**
 * What a run in this state can do (the service refuses the rest). `busy` is true while a call on the run is in
 * flight, so a double click cannot pause twice or remove a run that is being resumed.
 */
export function runActions(run: Pick<TrainingRun, 'status' | 'step' | 'totalSteps'>, busy: boolean): RunActions {
  if (busy) return NONE;
  const unfinished = run.step < run.totalSteps;
  switch (run.status) {
    case 'running':
      return { pause: true, resume: false, stop: true, remove: false };
    case 'paused':
      // Stop from a pause registers the model of the last checkpoint without training further.
      return { pause: false, resume: unfinished, stop: true, remove: true };
    case 'stopped':
    case 'failed':
      return { pause: false, resume: unfinished, stop: false, remove: true };
    case 'completed':
      return { pause: false, resume: false, stop: false, remove: true };
  }
}

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  running: 'Running',
  paused: 'Paused',
  completed: 'Completed',
  stopped: 'Stopped',
  failed: 'Failed',
};
