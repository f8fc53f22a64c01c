import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MANIFEST_FILE } from '../../src-shared/models/manifest.js';
import { tempDir as makeTempDir } from '../images/test-images.js';
import { extractModelArchive, writeModelArchive } from './model-archive.js';
import { tinyManifest } from './test-models.js';

/** The test writes a few hundred MiB: every folder it makes goes when it ends. */
const made: string[] = [];
function tempDir(prefix: string): string {
  const dir = makeTempDir(prefix);
  made.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A model folder with a weight shard of `shardBytes` (a repeating pattern: stored, not deflated, either way). */
function modelFolder(shardBytes: number): { folder: string; shard: Uint8Array } {
  const folder = join(tempDir('archive'), 'model');
  mkdirSync(folder, { recursive: true });
  const shard = new Uint8Array(shardBytes);
  for (let i = 0; i < shard.length; i += 4096) shard[i] = (i / 4096) % 251;
  writeFileSync(join(folder, MANIFEST_FILE), JSON.stringify(tinyManifest({ name: 'Before' })));
  writeFileSync(join(folder, 'model.json'), JSON.stringify({ modelTopology: { layers: Array(200).fill('dense') }, weightsManifest: [] }));
  writeFileSync(join(folder, 'weights.bin'), shard);
  return { folder, shard };
}

/** Runs `work` while a 5 ms timer ticks; returns the longest wait between ticks, the main thread's longest stall. */
async function longestStall(work: () => Promise<unknown>): Promise<{ stallMs: number; ticks: number }> {
  let last = performance.now();
  let stallMs = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
    ticks++;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  stallMs = Math.max(stallMs, performance.now() - last);
  return { stallMs, ticks };
}

describe('writeModelArchive', () => {
  it('keeps the main thread responsive while a large model zips, and the zip unpacks to the same files', async () => {
    const { folder, shard } = modelFolder(192 * 1024 ** 2);
    const dest = join(tempDir('archive-out'), 'big.kintsugi-model');
    let written = { path: '', bytes: 0 };
    const { stallMs, ticks } = await longestStall(async () => {
      written = await writeModelArchive(folder, dest, false, 'After');
    });
    expect(written.bytes).toBeGreaterThan(shard.length);
    expect(ticks).toBeGreaterThan(10);
    // Zipped in one synchronous call (before), the timer waited about 600 ms here; in slices, about 15 ms.
    expect(stallMs).toBeLessThan(150);

    const into = join(tempDir('archive-in'), 'model');
    mkdirSync(into);
    await extractModelArchive(dest, into);
    expect(readFileSync(join(into, 'weights.bin')).equals(shard)).toBe(true);
    expect(readFileSync(join(into, 'model.json'), 'utf8')).toBe(readFileSync(join(folder, 'model.json'), 'utf8'));
    expect(JSON.parse(readFileSync(join(into, MANIFEST_FILE), 'utf8'))).toMatchObject({ name: 'After', kind: 'colorize' });
  }, 60_000);
});
