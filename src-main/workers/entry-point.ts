import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ProcessEntry, WorkerEntry } from './entries.js';

/**
 * Where a worker thread or child process named in entries.ts starts, for both ways this code runs:
 * - built (the app, the CLI): `<name>.js` in the folder of the bundle this module is inlined in (out/main/; the build
 *   keeps chunks there too), plain JavaScript;
 * - from the TypeScript sources (vitest, `KINTSUGI_FROM_SOURCE=1 kintsugi`): `<name>.ts` beside this file, with tsx's
 *   loader resolved from here so any working folder works.
 * The path is built at run time: `new URL('./x', import.meta.url)` would be taken for an asset by the bundler.
 */
export function entryPoint(name: WorkerEntry | ProcessEntry): { file: string; fromSource: boolean } {
  const here = fileURLToPath(import.meta.url);
  const fromSource = here.endsWith('.ts');
  return { file: join(dirname(here), `${name}.${fromSource ? 'ts' : 'js'}`), fromSource };
}

/**
 * What `new Worker(...)` starts for an entry. A worker inherits neither the parent's loader hooks nor (on Node 20)
 * an `--import` in its execArgv for its own entry, so from the sources a two-line bootstrap registers tsx inside the
 * worker and then imports the entry.
 */
export function workerScript(name: WorkerEntry): { url: URL } | { eval: string } {
  const { file, fromSource } = entryPoint(name);
  if (!fromSource) return { url: pathToFileURL(file) };
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const target = pathToFileURL(file).href;
  return { eval: `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); });` };
}
