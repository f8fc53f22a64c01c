import type { Database } from 'better-sqlite3';
import type { Migration } from './migration.js';

/**
 * Colorize runs choose their network (`colorizeArch`), and new ones default to the pretrained-encoder colorizer.
 * Every colorize run recorded before that trained pix2pix: say so in its config, so a resume rebuilds the network
 * its checkpoints hold.
 */
function up(db: Database): void {
  db.exec(`UPDATE training_runs SET config = json_set(config, '$.colorizeArch', 'pix2pix')
           WHERE kind = 'colorize' AND json_extract(config, '$.colorizeArch') IS NULL`);
}

export const migration011: Migration = { version: 11, name: 'colorize-arch', up };
