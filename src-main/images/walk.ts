import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every file under `root`, recursively, each folder's entries sorted by name (code-point order, so the result is
 * the same on every machine and locale). Hidden entries (dot-files and dot-folders) are skipped. Symlinked folders
 * are followed, but each real folder is visited once, so a link pointing back up cannot loop. A subfolder that
 * cannot be read goes to `onError` (when given) and the walk goes on; without it, or for `root`, the error is thrown.
 */
export async function walkFiles(root: string, onError?: (path: string, err: unknown) => void): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();

  async function visit(dir: string): Promise<void> {
    let entries;
    try {
      const real = await realpath(dir);
      if (seen.has(real)) return;
      seen.add(real);
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (dir === root || !onError) throw err;
      onError(dir, err);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      const kind = entry.isSymbolicLink() ? await linkTarget(full) : entryKind(entry);
      if (kind === 'dir') await visit(full);
      else if (kind === 'file') files.push(full);
    }
  }

  await visit(root);
  return files;
}

function entryKind(entry: { isDirectory(): boolean; isFile(): boolean }): 'dir' | 'file' | 'other' {
  return entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : 'other';
}

/** What a symlink points at; a dangling link counts as nothing. */
async function linkTarget(path: string): Promise<'dir' | 'file' | 'other'> {
  try {
    return entryKind(await stat(path));
  } catch {
    return 'other'; // dangling link: there is no file to import, so it is not an error either
  }
}
