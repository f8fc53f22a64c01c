import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../app/paths.js';

/**
 * Run the CLI from its sources with a module hook that records every package it imports, and return them. The
 * bundle (out/main/cli.js) keeps the same static imports, so what the sources load at start, it loads too.
 */
function packagesLoadedBy(args: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'kintsugi-light-'));
  const log = join(dir, 'packages.txt');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (!/^(node:|[./]|file:|data:)/.test(specifier)) appendFileSync(${JSON.stringify(log)}, specifier + '\\n');
  return next(specifier, context);
}`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  writeFileSync(log, '');
  execFileSync(process.execPath, ['--import', pathToFileURL(register).href, join(PROJECT_ROOT, 'bin', 'kintsugi.mjs'), ...args], {
    env: { ...process.env, KINTSUGI_FROM_SOURCE: '1', KINTSUGI_DATA_DIR: join(dir, 'data') },
    encoding: 'utf8',
  });
  return [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))];
}

describe('CLI start', () => {
  it('lists models without loading TensorFlow.js (it loads only in commands that compute)', () => {
    const loaded = packagesLoadedBy(['models', 'list']);
    expect(loaded).toContain('better-sqlite3');
    expect(loaded.filter((p) => p.startsWith('@tensorflow/'))).toEqual([]);
  });
});
