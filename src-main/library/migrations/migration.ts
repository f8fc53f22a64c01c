import type { Database } from 'better-sqlite3';

/** One schema step. Its own module so the steps need not import the list that imports them (a cycle). */
export interface Migration {
  version: number;
  name: string;
  /** Runs inside the transaction that also sets `user_version`; must be synchronous. */
  up(db: Database): void;
  /**
   * The step rebuilds tables that others reference: foreign keys are off while it runs (they cannot be switched
   * inside a transaction) and are checked before it commits.
   */
  foreignKeysOff?: boolean;
}
