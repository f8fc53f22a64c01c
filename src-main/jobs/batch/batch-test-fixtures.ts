/** Fixtures for the batch tests: masks for the import fixture folder, a read-only folder, waiting for a job. */
import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import sharp from 'sharp';
import type { BatchJob } from '../../../src-shared/contract/index.js';
import { GOOD_FILES } from '../../images/test-images.js';

/** The hole every fixture mask cuts: the middle third of the picture, as a white box on black. */
export async function writeMask(path: string, width: number, height: number): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const hole = { input: { create: { width: Math.ceil(width / 3), height: Math.ceil(height / 3), channels: 3 as const, background: '#fff' } }, left: Math.floor(width / 3), top: Math.floor(height / 3) };
  await sharp({ create: { width, height, channels: 3, background: '#000' } }).composite([hole]).png().toFile(path);
}

/** A masks folder for makeImportFolder's good files, mirroring its tree (`sub/c-photo.webp` → `sub/c-photo.png`). */
export async function makeMasksFor(masksRoot: string): Promise<void> {
  for (const [rel, [width, height]] of Object.entries(GOOD_FILES)) {
    await writeMask(join(masksRoot, rel.replace(/\.[^.]+$/, '.png')), width, height);
  }
}

/** Every file under a folder, relative and `/`-separated, hidden ones included (to catch left-over temp files). */
export function allFiles(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else out.push(relative(root, full).split(sep).join('/'));
    }
  };
  visit(root);
  return out.sort();
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Make a folder read-only for this process and return the undo. Permission bits do not stop root, so as root the
 * folder is made immutable (`chattr +i`, which root must obey) instead.
 */
export function makeReadOnly(dir: string): () => void {
  chmodSync(dir, 0o555);
  if (!writable(dir)) return () => chmodSync(dir, 0o755);
  chmodSync(dir, 0o755);
  execFileSync('chattr', ['+i', dir]);
  return () => execFileSync('chattr', ['-i', dir]);
}

/** Poll until a job is no longer queued or running. */
export async function settled(get: () => BatchJob, timeoutMs = 60_000): Promise<BatchJob> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = get();
    if (job.status !== 'queued' && job.status !== 'running') return job;
    if (Date.now() > until) throw new Error(`batch ${job.id} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
