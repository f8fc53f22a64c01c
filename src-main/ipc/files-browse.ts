import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { DirectoryEntry, DirectoryListing } from '../../src-shared/contract/index.js';
import { hasImageExtension } from '../../src-shared/formats.js';
import { KintsugiError } from '../../src-shared/errors.js';
import type { Handlers } from '../router/types.js';

/** The in-app file picker of browser mode: lists one folder of the host (folders first, hidden entries left out). */
export async function listDirectory(path: string = homedir()): Promise<DirectoryListing> {
  const dir = resolve(path);
  const info = await stat(dir);
  if (!info.isDirectory()) throw new KintsugiError('E_INVALID_ARGUMENT', `Not a folder: ${dir}`);
  const names = await readdir(dir, { withFileTypes: true });
  const entries: DirectoryEntry[] = [];
  for (const d of names) {
    if (d.name.startsWith('.')) continue;
    const full = join(dir, d.name);
    if (d.isDirectory()) {
      entries.push({ name: d.name, path: full, kind: 'dir', image: false });
    } else if (d.isFile()) {
      const size = await stat(full).then((s) => s.size, () => undefined);
      entries.push({ name: d.name, path: full, kind: 'file', image: hasImageExtension(d.name), ...(size === undefined ? {} : { size }) });
    }
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'dir' ? -1 : 1));
  const parent = dirname(dir);
  return { path: dir, parent: parent === dir ? null : parent, entries };
}

export function filesBrowseHandlers(): Handlers {
  return { 'files.browse': (req) => listDirectory(req.path) };
}
