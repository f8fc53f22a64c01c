import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../images/test-images.js';
import { openDatabase } from './db.js';

/** A real library with some rows in it, closed (so its WAL is folded back into the file). */
function makeLibrary(): string {
  const file = join(tempDir('db-damage'), 'library.sqlite');
  const db = openDatabase(file);
  const insert = db.prepare("insert into settings (key, value) values (?, ?)");
  for (let i = 0; i < 2000; i++) insert.run(`key-${i}`, JSON.stringify('x'.repeat(200)));
  db.close();
  return file;
}

function expectSetAside(file: string, damaged: Buffer, reason: RegExp): void {
  let error: unknown;
  try {
    openDatabase(file);
  } catch (err) {
    error = err;
  }
  expect(error).toMatchObject({ code: 'E_DB', message: expect.stringMatching(reason) });
  const message = (error as Error).message;
  expect(message).toContain('moved aside to');
  expect(message).toMatch(/Start Kintsugi again for a new, empty library/);
  const folder = join(file, '..');
  const aside = readdirSync(folder).filter((name) => name.startsWith('library.sqlite.damaged-') && !name.endsWith('-wal') && !name.endsWith('-shm'));
  expect(aside).toHaveLength(1);
  // Kept byte for byte, where the message says.
  expect(readFileSync(join(folder, aside[0]!)).equals(damaged)).toBe(true);
  expect(message).toContain(join(folder, aside[0]!));
  // The next start makes a new library instead of failing again.
  const fresh = openDatabase(file);
  expect(fresh.prepare('select count(*) as n from settings').get()).toEqual({ n: 0 });
  fresh.close();
}

describe('openDatabase: a damaged library', () => {
  it('sets a truncated library aside and says so with E_DB', () => {
    const file = makeLibrary();
    truncateSync(file, Math.floor(statSync(file).size / 2));
    expectSetAside(file, readFileSync(file), /damaged \(.*(malformed|corrupt|quick_check)/i);
  });

  it('sets aside a file that is not SQLite', () => {
    const file = join(tempDir('db-damage'), 'library.sqlite');
    writeFileSync(file, 'this is a text file, not a database '.repeat(200));
    expectSetAside(file, readFileSync(file), /damaged \(file is not a database\)/);
  });

  it('sets aside an empty file instead of silently starting an empty library over it', () => {
    const file = join(tempDir('db-damage'), 'library.sqlite');
    writeFileSync(file, '');
    expectSetAside(file, Buffer.alloc(0), /damaged \(the file is empty\)/);
  });

  it('opens a sound library as it is', () => {
    const file = makeLibrary();
    const db = openDatabase(file);
    expect(db.prepare('select count(*) as n from settings').get()).toEqual({ n: 2000 });
    db.close();
    expect(readdirSync(join(file, '..')).filter((n) => n.includes('damaged'))).toEqual([]);
  });
});

/**
 * A real full disk: a 128 KiB tmpfs, which only root can mount (CI and these machines run as root). Elsewhere the test
 * says in its title that it did not run.
 */
const fullDisk = join(tempDir('db-full'), 'disk');
mkdirSync(fullDisk);
const mounted = process.platform === 'linux' && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=128k', 'tmpfs', fullDisk]).status === 0;
afterAll(() => {
  if (mounted) spawnSync('umount', [fullDisk]);
});

describe('openDatabase: a full disk', () => {
  const title = 'says E_IO with what to do, and sets nothing aside, when the disk is full';
  it.skipIf(!mounted)(mounted ? title : `${title} (NOT RUN: cannot mount a tmpfs here, not root)`, () => {
    // Fill the disk, then open a new library on it: SQLite cannot write its first pages.
    let i = 0;
    try {
      for (;;) writeFileSync(join(fullDisk, `filler-${i++}`), Buffer.alloc(8192, 1));
    } catch (err) {
      expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    const file = join(fullDisk, 'library.sqlite');
    let error: unknown;
    try {
      openDatabase(file).close();
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'E_IO', message: expect.stringMatching(/free disk space or fix the folder's permissions/) });
    expect(readdirSync(fullDisk).filter((n) => n.includes('damaged'))).toEqual([]);
  });
});
