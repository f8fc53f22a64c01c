import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { KintsugiError } from '../../src-shared/errors.js';
import type { FileAccess } from '../router/types.js';

interface Grant {
  /** As the user picked it, made absolute. */
  path: string;
  /** With every symlink resolved: what the OS will actually open. */
  real: string;
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
 * the user picked in a native dialog (`grant`), and what lies inside those folders. Both the path as named and the
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
      // A dialog returns existing paths; one that vanished since grants nothing.
      if (real !== null) this.#grants.push({ path, real });
    }
  }

  assertReadable(path: string): void {
    const absolute = resolve(path);
    const named = this.#grants.some((g) => this.#within(g.path, absolute) || this.#within(g.real, absolute));
    if (!named) throw forbidden(path);
    // Only for paths inside a grant, so "not found" tells nothing about the rest of the disk.
    const real = realpath(absolute);
    if (real === null) throw new KintsugiError('E_NOT_FOUND', `File not found: ${path}`);
    if (!this.#grants.some((g) => this.#within(g.real, real))) throw forbidden(path);
  }

  #within(base: string, path: string): boolean {
    return isWithin(base, path, this.#platform);
  }
}

function forbidden(path: string): KintsugiError {
  return new KintsugiError('E_FORBIDDEN', `Not allowed to read ${path}: choose it with Import files… or Import folder… first`);
}
