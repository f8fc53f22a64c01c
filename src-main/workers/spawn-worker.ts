import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Worker entries under `src-main/workers/`; each is also an input of main's bundle in electron.vite.config.ts. */
export type WorkerEntry = 'inpaint-worker' | 'colorize-worker' | 'generate-worker';

/**
 * Start a worker thread in either way the app runs:
 * - from the TypeScript sources (the CLI through tsx, vitest): the `.ts` entry beside this file. A worker does not
 *   inherit the parent's loader hooks, and on Node 20 `execArgv: ['--import', 'tsx']` does not reach the worker's
 *   own entry either, so a two-line bootstrap registers tsx inside the worker and then imports the entry. tsx is
 *   resolved from here, not from the working folder, so `kintsugi` works from any folder;
 * - from the electron-vite bundle: `<entry>.js` emitted next to the bundled main (`out/main/`), where this module is
 *   inlined. The path is built at run time: `new URL('./x', import.meta.url)` would be taken for an asset.
 */
export function spawnWorker(entry: WorkerEntry): Worker {
  const here = fileURLToPath(import.meta.url);
  const folder = dirname(here);
  if (!here.endsWith('.ts')) return new Worker(pathToFileURL(join(folder, `${entry}.js`)));
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const target = pathToFileURL(join(folder, `${entry}.ts`)).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(bootstrap, { eval: true });
}
