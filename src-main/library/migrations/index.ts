import type { Database } from 'better-sqlite3';
import { KintsugiError } from '../../../src-shared/errors.js';
import type { Migration } from './migration.js';
import { migration001 } from './001-initial.js';
import { migration002 } from './002-thumbnails-and-search.js';
import { migration003 } from './003-masks-and-results.js';
import { migration004 } from './004-models-and-training.js';
import { migration005 } from './005-batch-jobs.js';
import { migration006 } from './006-hint-presets.js';
import { migration007 } from './007-nullable-losses.js';
import { migration008 } from './008-run-baseline.js';
import { migration009 } from './009-ids-never-reused.js';
import { migration010 } from './010-nfkc-search-names.js';
import { migration011 } from './011-colorize-arch.js';

/** Every schema step, oldest first. Append only: a released step is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  migration001, migration002, migration003, migration004, migration005, migration006,
  migration007, migration008, migration009, migration010, migration011,
];

export const LATEST_VERSION: number = MIGRATIONS.at(-1)?.version ?? 0;

/** The database was written by a newer Kintsugi; opening it here could silently lose or corrupt data. */
export class DatabaseFromFutureError extends KintsugiError {
  readonly dbVersion: number;
  readonly knownVersion: number;

  constructor(dbVersion: number, knownVersion: number) {
    super(
      'E_DB',
      `The library database is schema version ${dbVersion}, but this Kintsugi knows only up to ${knownVersion}. ` +
        'Update Kintsugi to open it.',
      { dbVersion, knownVersion },
    );
    this.name = 'DatabaseFromFutureError';
    this.dbVersion = dbVersion;
    this.knownVersion = knownVersion;
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new KintsugiError('E_INTERNAL', `Migration "${m.name}" has version ${m.version}, expected ${i + 1}`);
    }
  });
}

function checkForeignKeys(db: Database, m: Migration): void {
  const broken = db.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new KintsugiError('E_DB', `Migration "${m.name}" would leave ${broken.length} broken references`);
}

/**
 * Apply the pending steps, each in its own transaction together with its `user_version`, so a crash leaves the
 * database at a version boundary. `migrations` is a parameter so tests can stop at an older version.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  checkOrder(migrations);
  const known = migrations.at(-1)?.version ?? 0;
  const from = schemaVersion(db);
  if (from > known) throw new DatabaseFromFutureError(from, known);
  for (const m of migrations) {
    if (m.version <= from) continue;
    const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
    if (m.foreignKeysOff) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        m.up(db);
        if (m.foreignKeysOff) checkForeignKeys(db, m);
        db.pragma(`user_version = ${m.version}`);
      })();
    } finally {
      if (m.foreignKeysOff) db.pragma(`foreign_keys = ${foreignKeys}`);
    }
  }
  return { from, to: schemaVersion(db) };
}
