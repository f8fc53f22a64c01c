import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const RESULTS = path.resolve(import.meta.dirname, '..', '..', 'bench-results');

/** What every figure depends on: when, which Node, how many cores, and how busy they were (a shared machine). */
export function machine(benchmark: string): Record<string, string | number> {
  return {
    benchmark,
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadAverage1m: Number((os.loadavg()[0] ?? 0).toFixed(2)),
  };
}

/** Writes bench-results/<name>.json. */
export async function writeResult(name: string, result: object): Promise<void> {
  await mkdir(RESULTS, { recursive: true });
  await writeFile(path.join(RESULTS, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
}
