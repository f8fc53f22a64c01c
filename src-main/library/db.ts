import { existsSync, renameSync, statSync } from 'node:fs';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { KintsugiError } from '../../src-shared/errors.js';
import { migrate } from './migrations/index.js';

export type { Database };

function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * What an error at open says of the library, by SQLite's primary code (`SQLITE_IOERR_WRITE` is an `SQLITE_IOERR`):
 * a file that is not, or no longer, a sound database; a machine that cannot store it now (nothing wrong with the
 * file); or neither.
 */
function classify(err: unknown): 'damaged' | 'storage' | null {
  const primary = sqliteCode(err)?.split('_').slice(0, 2).join('_');
  if (primary === 'SQLITE_NOTADB' || primary === 'SQLITE_CORRUPT') return 'damaged';
  if (primary === 'SQLITE_FULL' || primary === 'SQLITE_CANTOPEN' || primary === 'SQLITE_READONLY' || primary === 'SQLITE_IOERR' || primary === 'SQLITE_PERM') return 'storage';
  return null;
}

/**
 * Keep a damaged library (and its WAL and shared-memory files) aside under a dated name, and say what happened and
 * what to do. Nothing else in the data folder is touched.
 */
function setAside(file: string, reason: string): KintsugiError {
  const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  }
  return new KintsugiError(
    'E_DB',
    `The library ${file} is damaged (${reason}). It was moved aside to ${aside}; nothing else was touched: your photos stay where ` +
      'they are, and results/ and models/ are kept. Start Kintsugi again for a new, empty library, or put a backup of the library file in its place.',
  );
}

function storageError(file: string, err: unknown): KintsugiError {
  const message = err instanceof Error ? err.message : String(err);
  return new KintsugiError('E_IO', `Cannot open the library ${file} (${sqliteCode(err) ?? 'error'}: ${message}): free disk space or fix the folder's permissions, then start again`);
}

/**
 * Open (or create) the library database, check it, and bring its schema up to date. `':memory:'` works for tests.
 * A damaged file (empty, not SQLite, failing `PRAGMA quick_check`) is set aside with an E_DB that says so; a full
 * or unwritable disk is an E_IO. WAL lets readers (list, thumbnails) run while an import writes; busy_timeout makes
 * a second process (the CLI next to the app) wait for the write lock instead of failing at once.
 */
export function openDatabase(file: string): Database {
  // SQLite would take an empty file for a new database and silently start an empty library over the lost one.
  if (file !== ':memory:' && existsSync(file) && statSync(file).size === 0) throw setAside(file, 'the file is empty');
  let db: Database;
  try {
    db = new BetterSqlite3(file);
  } catch (err) {
    throw classify(err) === 'storage' ? storageError(file, err) : err;
  }
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw Object.assign(new Error(`quick_check: ${String(check)}`), { code: 'SQLITE_CORRUPT' });
    db.pragma('journal_mode = WAL');
    // Safe with WAL (a power cut can lose the last commits, never corrupt), and much faster than FULL.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    const kind = classify(err);
    if (kind === 'damaged' && file !== ':memory:') throw setAside(file, err instanceof Error ? err.message : String(err));
    if (kind === 'storage') throw storageError(file, err);
    throw err;
  }
}
