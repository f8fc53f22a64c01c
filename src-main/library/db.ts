import BetterSqlite3, { type Database } from 'better-sqlite3';
import { migrate } from './migrations/index.js';

export type { Database };

/**
 * Open (or create) the library database and bring its schema up to date. `':memory:'` works for tests.
 * WAL lets readers (list, thumbnails) run while an import writes; busy_timeout makes a second process
 * (the CLI next to the app) wait for the write lock instead of failing at once.
 */
export function openDatabase(file: string): Database {
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    // Safe with WAL (a power cut can lose the last commits, never corrupt), and much faster than FULL.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
