/**
 * Child-process entry of one training run (DESIGN §1: a crash or an out-of-memory here is recorded on the run and
 * never takes the app down). Started by `fork-training-process.ts`; speaks `src-shared/workers/training-messages.ts`
 * over the IPC channel: waits for `start`, selects the backend, trains, and exits after `ended` or `failed`.
 */
import type { BackendPreference, BackendReport } from '../../src-shared/contract/system.js';
import type { ErrorData } from '../../src-shared/errors.js';
import type { TrainingMeasure, TrainingReply, TrainingRequest, TrainingStart } from '../../src-shared/workers/training-messages.js';
import { toErrorData } from '../router/error-mapping.js';
import type { RunControl } from '../training/trainer/run-training.js';

if (!process.send) throw new Error('training-process must be started with child_process.fork (it needs an IPC channel)');

const control: { requested: RunControl['requested'] } = { requested: null };
let started = false;

function send(reply: TrainingReply): void {
  if (process.connected) process.send?.(reply);
}

/** The last message, then exit once it is handed to the channel (or at once when the parent is gone). */
function finish(reply: TrainingReply): void {
  if (!process.connected) process.exit(0);
  process.send?.(reply, () => process.exit(0));
}

/** The backend a run or a measurement computes on; E_BACKEND, with every candidate's reason, when none loads. */
async function loadBackend(preference: BackendPreference): Promise<BackendReport> {
  // Loaded here, not at the top: the message listener below must be in place before tfjs takes its time to load,
  // or a `start` sent right after the fork could arrive with nobody listening.
  const { requireBackend } = await import('../runtime/backend-ladder.js');
  return requireBackend(preference);
}

async function run(start: TrainingStart): Promise<void> {
  try {
    const backend = await loadBackend(start.config.backend);
    const { runTraining } = await import('../training/trainer/run-training.js');
    // `ended` is held back and sent last by `finish`, which exits once the message has reached the channel.
    let ended: TrainingReply | null = null;
    await runTraining(start, backend, (reply) => (reply.type === 'ended' ? (ended = reply) : send(reply)), control);
    finish(ended ?? { type: 'failed', error: { code: 'E_INTERNAL', message: 'Training returned without ending' } });
  } catch (err) {
    const error: ErrorData = toErrorData(err);
    finish({ type: 'failed', error });
  }
}

async function measure(request: TrainingMeasure): Promise<void> {
  try {
    const backend = await loadBackend(request.config.backend);
    const { measureStepSeconds } = await import('../training/trainer/measure-speed.js');
    finish({ type: 'measured', backend, ...(await measureStepSeconds(request.config)) });
  } catch (err) {
    finish({ type: 'failed', error: toErrorData(err) });
  }
}

process.on('message', (message: TrainingRequest) => {
  if (message.type === 'start' || message.type === 'measure') {
    if (started) return;
    started = true;
    void (message.type === 'start' ? run(message) : measure(message));
  } else if (message.type === 'stop') {
    // Stop wins over an earlier pause: it is the stronger request (checkpoint and export).
    control.requested = 'stop';
  } else if (message.type === 'pause') {
    control.requested ??= 'pause';
  }
});

// Ctrl-C in a terminal reaches the whole process group, this process too. Its parent decides what it means (the CLI
// stops the run, which checkpoints and exports; an app that quits disconnects, which pauses), so it is not cut off
// here mid-step, before its checkpoint.
process.on('SIGINT', () => {});

// The app went away (quit or crash): keep what was learned with a checkpoint, as for a pause, then end.
process.on('disconnect', () => {
  if (!started) process.exit(0);
  control.requested ??= 'pause';
});
