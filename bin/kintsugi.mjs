#!/usr/bin/env node
// The command line. It runs the built CLI (out/main/cli.js, plain JavaScript, from `npm run build`), which starts in
// a fraction of the time the TypeScript sources take through tsx. It runs the sources instead when there is no build,
// when a source file is newer than the build (so an edit is never run stale), or with KINTSUGI_FROM_SOURCE=1.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

const root = join(import.meta.dirname, '..');
const built = join(root, 'out', 'main', 'cli.js');

function newestSource(since) {
  for (const dir of ['src-main', 'src-shared', 'models']) {
    const folder = join(root, dir);
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs > since) return true;
    }
  }
  return statSync(join(root, 'package.json')).mtimeMs > since;
}

function useBuild() {
  if (process.env.KINTSUGI_FROM_SOURCE === '1' || !existsSync(built)) return false;
  return !newestSource(statSync(built).mtimeMs);
}

if (useBuild()) {
  await import(join(dirname(built), 'cli.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src-main/cli/main.ts');
}
