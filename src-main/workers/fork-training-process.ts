import { fork, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ENTRY = 'training-process';

/**
 * Start one training process (DESIGN §1: training runs in its own process, so a crash or an out-of-memory there is
 * recorded on the run and never takes the app down). Messages follow `src-shared/workers/training-messages.ts`.
 * - From the TypeScript sources (CLI through tsx, vitest): the `.ts` entry beside this file, run through tsx's loader,
 *   resolved from here so any working folder works.
 * - From the electron-vite bundle: `training-process.js` emitted next to the bundled main (`out/main/`).
 * stdout/stderr are piped so the service can keep the tail of a crash's output as the run's failure reason.
 */
export function forkTrainingProcess(): ChildProcess {
  const here = fileURLToPath(import.meta.url);
  const folder = dirname(here);
  const stdio: ['ignore', 'pipe', 'pipe', 'ipc'] = ['ignore', 'pipe', 'pipe', 'ipc'];
  if (!here.endsWith('.ts')) return fork(join(folder, `${ENTRY}.js`), [], { stdio, serialization: 'advanced' });
  const tsx = import.meta.resolve('tsx');
  return fork(join(folder, `${ENTRY}.ts`), [], { stdio, serialization: 'advanced', execArgv: ['--import', tsx] });
}
