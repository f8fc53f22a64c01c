import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCandidates } from './candidates.js';
import { PACKAGES, packagePlan } from './packages.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'corpus-candidates-'));
  await mkdir(path.join(root, 'usr/share/app/rcc'), { recursive: true });
  await mkdir(path.join(root, 'usr/share/app/photos/deep'), { recursive: true });
  // A bundle made by Qt's rcc (see rcc.test.ts), holding images/sub/tiny.png and two text files.
  await copyFile(path.join(import.meta.dirname, 'fixtures/fixture-v3.rcc'), path.join(root, 'usr/share/app/rcc/a.rcc'));
  await writeFile(path.join(root, 'usr/share/app/photos/deep/b.webp'), 'b');
  await writeFile(path.join(root, 'usr/share/app/photos/c.webp'), 'c');
  await writeFile(path.join(root, 'usr/share/app/photos/skip.webp'), 'skip');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('listCandidates', () => {
  it('opens bundles, applies allow and deny lists, and maps paths to the copyright file’s names', async () => {
    const candidates = await listCandidates(root, {
      name: 'app',
      bundles: ['usr/share/app/rcc/*.rcc'],
      allow: ['usr/share/app/rcc/*.rcc!/gcompris/src/images/*.png', 'usr/share/app/photos/*.webp'],
      deny: ['*/skip.webp'],
      sourcePath: [/^usr\/share\/app\/(rcc\/[^!]*!\/gcompris\/)?/, ''],
      sourceExtensions: ['jpg', 'png'],
    });
    expect(candidates.map((c) => [c.path, c.sourcePaths])).toEqual([
      ['usr/share/app/photos/c.webp', ['photos/c.webp', 'photos/c.jpg', 'photos/c.png']],
      ['usr/share/app/photos/deep/b.webp', ['photos/deep/b.webp', 'photos/deep/b.jpg', 'photos/deep/b.png']],
      ['usr/share/app/rcc/a.rcc!/gcompris/src/images/sub/tiny.png', ['src/images/sub/tiny.png', 'src/images/sub/tiny.jpg']],
    ]);
    expect((await candidates[0]!.read()).toString()).toBe('c');
    expect((await candidates[2]!.read()).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe('packagePlan', () => {
  it('knows every listed package and refuses others with E_INVALID_ARGUMENT', () => {
    for (const p of PACKAGES) expect(packagePlan(p.name)).toBe(p);
    expect(() => packagePlan('no-such-package')).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
  });
});
