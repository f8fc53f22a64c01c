import { fork, type ChildProcess } from 'node:child_process';
import { entryPoint } from './entry-point.js';

/**
 * Start one training process (DESIGN §1: training runs in its own process, so a crash or an out-of-memory there is
 * recorded on the run and never takes the app down). Messages follow `src-shared/workers/training-messages.ts`.
 * stdout/stderr are piped so the service can keep the tail of a crash's output as the run's failure reason.
 */
export function forkTrainingProcess(): ChildProcess {
  const { file, fromSource } = entryPoint('training-process');
  const stdio: ['ignore', 'pipe', 'pipe', 'ipc'] = ['ignore', 'pipe', 'pipe', 'ipc'];
  const execArgv = fromSource ? ['--import', import.meta.resolve('tsx')] : [];
  return fork(file, [], { stdio, serialization: 'advanced', execArgv });
}
