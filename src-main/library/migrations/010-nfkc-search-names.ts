import type { Database } from 'better-sqlite3';
import { searchKey } from '../search-key.js';
import type { Migration } from './migration.js';

/** Search keys were NFC; they are refolded with today's searchKey (NFKC) so ｶﾀｶﾅ finds names stored before. */
function up(db: Database): void {
  const rows = db.prepare('SELECT id, name FROM images').all() as { id: number; name: string }[];
  const update = db.prepare('UPDATE images SET search_name = ? WHERE id = ?');
  for (const row of rows) update.run(searchKey(row.name), row.id);
}

export const migration010: Migration = { version: 10, name: 'nfkc-search-names', up };
