import { Worker } from 'node:worker_threads';
import { workerScript } from './entry-point.js';
import type { WorkerEntry } from './entries.js';

export type { WorkerEntry } from './entries.js';

/** Start a worker thread by its name in entries.ts (see entry-point.ts for where its code comes from). */
export function spawnWorker(entry: WorkerEntry): Worker {
  const script = workerScript(entry);
  return 'url' in script ? new Worker(script.url) : new Worker(script.eval, { eval: true });
}
