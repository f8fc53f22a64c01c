// Lists the files of an unpacked package that its plan allows, opening Qt resource bundles where it says so.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { globToRegExp } from './dep5.js';
import type { PackagePlan } from './packages.js';
import { parseRcc } from './rcc.js';

export interface Candidate {
  /** Path inside the package; `<bundle>!<entry>` inside a Qt resource bundle. */
  path: string;
  /** The paths the package's copyright file may name it by, the plain mapping first. */
  sourcePaths: string[];
  read(): Promise<Buffer>;
}

async function walk(root: string, dir = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true });
  const files: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const rel = dir === '' ? e.name : `${dir}/${e.name}`;
    if (e.isDirectory()) files.push(...(await walk(root, rel)));
    else if (e.isFile()) files.push(rel);
  }
  return files;
}

const matcher = (globs: readonly string[] | undefined) => {
  const res = (globs ?? []).map(globToRegExp);
  return (p: string) => res.some((re) => re.test(p));
};

/** Candidates in a stable order (sorted paths), so a re-run meets them in the same order. */
export async function listCandidates(root: string, plan: PackagePlan): Promise<Candidate[]> {
  const allowed = matcher(plan.allow);
  const denied = matcher(plan.deny);
  const isBundle = matcher(plan.bundles);
  const [pattern, replacement] = plan.sourcePath;
  const sourcePaths = (p: string) => {
    const mapped = p.replace(pattern, replacement);
    const stem = mapped.replace(/\.[^./]*$/, '');
    return [...new Set([mapped, ...(plan.sourceExtensions ?? []).map((ext) => `${stem}.${ext}`)])];
  };
  const keep = (p: string) => allowed(p) && !denied(p);
  const candidates: Candidate[] = [];
  for (const file of await walk(root)) {
    const full = path.join(root, file);
    if (isBundle(file)) {
      for (const entry of parseRcc(await readFile(full))) {
        const p = `${file}!${entry.path}`;
        if (keep(p)) candidates.push({ path: p, sourcePaths: sourcePaths(p), read: entry.read });
      }
    } else if (keep(file)) {
      candidates.push({ path: file, sourcePaths: sourcePaths(file), read: () => readFile(full) });
    }
  }
  return candidates;
}
