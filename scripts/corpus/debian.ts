// Fetches a Debian package with `apt-get download` and unpacks it with `dpkg-deb -x`: nothing is installed.
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface UnpackedPackage {
  name: string;
  version: string;
  root: string;
  copyrightText: string;
}

/** Unpacks into `<workDir>/<name>/`; a finished unpack leaves `.version`, so it is reused on the next run. */
export async function fetchPackage(name: string, workDir: string): Promise<UnpackedPackage> {
  const dir = path.join(workDir, name);
  const root = path.join(dir, 'root');
  const marker = path.join(dir, '.version');
  let version: string;
  try {
    version = (await readFile(marker, 'utf8')).trim();
  } catch {
    const debs = path.join(dir, 'deb');
    await rm(dir, { recursive: true, force: true });
    await mkdir(debs, { recursive: true });
    await run('apt-get', ['download', name], { cwd: debs, maxBuffer: 16 << 20 });
    const deb = (await readdir(debs)).find((f) => f.endsWith('.deb'));
    if (deb === undefined) throw new Error(`apt-get download ${name} left no .deb in ${debs}`);
    await run('dpkg-deb', ['-x', path.join(debs, deb), root]);
    version = (await run('dpkg-deb', ['-f', path.join(debs, deb), 'Version'])).stdout.trim();
    await writeFile(marker, `${version}\n`);
  }
  const copyrightText = await readFile(path.join(root, 'usr/share/doc', name, 'copyright'), 'utf8');
  return { name, version, root, copyrightText };
}
