import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { KintsugiError } from '../../src-shared/errors.js';
import type { FileAccess } from '../router/types.js';

interface Grant {
  /** As the user picked it, made absolute. */
  path: string;
  /** With every symlink resolved: what the OS will actually open. */
  real: string;
  /**
   * A save dialog's answer that does not exist yet: it may be created (written), but grants no reading, so a picked
   * name that later appears cannot be used to read something the user never chose to open.
   */
  saveOnly: boolean;
}

/** Windows paths compare case-insensitively; elsewhere case matters (realpath gives macOS's stored case). */
function canonical(path: string, platform: NodeJS.Platform): string {
  return platform === 'win32' ? path.toLowerCase() : path;
}

/** True when `path` is `base` or lies below it (both absolute and normalised). */
export function isWithin(base: string, path: string, platform: NodeJS.Platform = process.platform): boolean {
  const rel = relative(canonical(base, platform), canonical(path, platform));
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function realpath(path: string): string | null {
  try {
    return realpathSync.native(path);
  } catch {
    return null;
  }
}

/**
 * File access for the Electron renderer, which is not trusted with the disk: it may read only the files and folders
 * the user picked in a native dialog (`grant`), and what lies inside those folders, and write only there or to the
 * file a save dialog named. Both the path as named and the
 * path with symlinks resolved must stay inside a grant, so neither `..` nor a symlink inside a picked folder can
 * reach anything else.
 */
export class GrantedFileAccess implements FileAccess {
  readonly #grants: Grant[] = [];
  readonly #platform: NodeJS.Platform;

  constructor(platform: NodeJS.Platform = process.platform) {
    this.#platform = platform;
  }

  grant(paths: readonly string[]): void {
    for (const picked of paths) {
      const path = resolve(picked);
      const real = realpath(path);
      if (real !== null) {
        this.#grants.push({ path, real, saveOnly: false });
        continue;
      }
      // An open dialog returns existing paths (one that vanished since grants nothing); a save dialog names a file to
      // be created, in a folder that exists.
      const folder = realpath(dirname(path));
      if (folder !== null) this.#grants.push({ path, real: join(folder, basename(path)), saveOnly: true });
    }
  }

  assertReadable(path: string): void {
    const grants = this.#grants.filter((g) => !g.saveOnly);
    const absolute = resolve(path);
    if (!this.#named(grants, absolute)) throw forbidden('read', path);
    // Only for paths inside a grant, so "not found" tells nothing about the rest of the disk.
    const real = realpath(absolute);
    if (real === null) throw new KintsugiError('E_NOT_FOUND', `File not found: ${path}`);
    if (!grants.some((g) => this.#within(g.real, real))) throw forbidden('read', path);
  }

  /**
   * Inside a grant both as named and as the OS will write it: an existing file by its real path, a new one by its
   * folder's real path, so a symlink inside a granted folder cannot redirect the write elsewhere.
   */
  assertWritable(path: string): void {
    const absolute = resolve(path);
    if (!this.#named(this.#grants, absolute)) throw forbidden('write', path);
    const existing = realpath(absolute);
    const folder = existing === null ? realpath(dirname(absolute)) : null;
    if (existing === null && folder === null) throw new KintsugiError('E_NOT_FOUND', `Folder not found: ${dirname(path)}`);
    const real = existing ?? join(folder as string, basename(absolute));
    if (!this.#grants.some((g) => this.#within(g.real, real))) throw forbidden('write', path);
  }

  #named(grants: readonly Grant[], absolute: string): boolean {
    return grants.some((g) => this.#within(g.path, absolute) || this.#within(g.real, absolute));
  }

  #within(base: string, path: string): boolean {
    return isWithin(base, path, this.#platform);
  }
}

function forbidden(action: 'read' | 'write', path: string): KintsugiError {
  const how = action === 'read' ? 'Import files… or Import folder…' : 'Export…';
  return new KintsugiError('E_FORBIDDEN', `Not allowed to ${action} ${path}: choose it with ${how} first`);
}
