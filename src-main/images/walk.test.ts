import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './test-images.js';
import { walkFiles } from './walk.js';

describe('walkFiles', () => {
  it('lists files recursively in name order, skips hidden entries and survives a symlink loop', async () => {
    const root = tempDir('walk');
    mkdirSync(join(root, 'b', 'c'), { recursive: true });
    mkdirSync(join(root, '.git'));
    for (const f of ['z.png', 'a.png', 'b/x.jpg', 'b/c/y.tif', '.DS_Store', '.git/config']) writeFileSync(join(root, f), '');
    symlinkSync(root, join(root, 'b', 'loop')); // points back up: must not recurse forever
    symlinkSync(join(root, 'missing'), join(root, 'dangling'));
    expect(await walkFiles(root)).toEqual(['a.png', 'b/c/y.tif', 'b/x.jpg', 'z.png'].map((f) => join(root, f)));
  });
});
