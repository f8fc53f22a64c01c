import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { HintPreset } from '../../../src-shared/contract/index.js';
import { tempDir } from '../../images/test-images.js';
import { openDatabase } from '../db.js';
import { deleteHintPreset, getHintPreset, listHintPresets, saveHintPreset } from '../hint-presets-repo.js';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from './index.js';

const SKY: HintPreset = {
  name: 'Sky and grass',
  width: 800,
  height: 600,
  hints: [
    { points: [{ x: 400, y: 40 }, { x: 600, y: 60.5 }], radius: 12, colour: '#5080d0' },
    { points: [{ x: 300, y: 550 }], radius: 20, colour: '#408030' },
  ],
};

describe('migration 006: colour-hint presets', () => {
  it('is the sixth step and builds an empty table', () => {
    expect(MIGRATIONS[5]?.name).toBe('hint-presets');
    const db = openDatabase(join(tempDir('db'), 'library.sqlite'));
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(listHintPresets(db)).toEqual([]);
    db.close();
  });

  it('upgrades a version-5 database with a batch job, keeping it', () => {
    const file = join(tempDir('db'), 'library.sqlite');
    const v5 = new Database(file);
    migrate(v5, MIGRATIONS.slice(0, 5));
    v5.prepare(
      `INSERT INTO jobs (kind, name, params, params_key, status, created_at, updated_at)
       VALUES ('colorize', 'scans', '{}', ?, 'paused', '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')`,
    ).run('k'.repeat(64));
    v5.close();

    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(db.prepare('SELECT name, status FROM jobs').all()).toEqual([{ name: 'scans', status: 'paused' }]);
    expect(saveHintPreset(db, SKY).hintCount).toBe(2);
    db.close();
  });

  it('saves, lists by name, reads back exactly, replaces by name ignoring case and removes presets', () => {
    const file = join(tempDir('db'), 'library.sqlite');
    let db = openDatabase(file);
    const sky = saveHintPreset(db, SKY);
    const wood = saveHintPreset(db, { name: 'antique wood', width: 100, height: 50, hints: [{ points: [{ x: 1, y: 2 }], radius: 3, colour: '#8b5a2b' }] });
    expect(sky).toMatchObject({ name: 'Sky and grass', width: 800, height: 600, hintCount: 2 });
    expect(listHintPresets(db).map((p) => p.name)).toEqual(['antique wood', 'Sky and grass']);
    db.close();

    // A real file, reopened: the hints come back as they were saved (no rounding of the points).
    db = openDatabase(file);
    expect(getHintPreset(db, sky.id)).toMatchObject({ ...SKY, id: sky.id });

    const replaced = saveHintPreset(db, { ...SKY, name: 'SKY AND GRASS', width: 400, height: 300, hints: [SKY.hints[0]!] });
    expect(replaced).toMatchObject({ id: sky.id, name: 'SKY AND GRASS', width: 400, height: 300, hintCount: 1, createdAt: sky.createdAt });
    expect(listHintPresets(db)).toHaveLength(2);
    expect(getHintPreset(db, sky.id)?.hints).toEqual([SKY.hints[0]]);

    expect(deleteHintPreset(db, wood.id)).toBe(true);
    expect(deleteHintPreset(db, wood.id)).toBe(false);
    expect(getHintPreset(db, wood.id)).toBeUndefined();
    expect(listHintPresets(db).map((p) => p.id)).toEqual([sky.id]);
    db.close();
  });

  it('refuses rows the table cannot hold, and reports hints it cannot read as a database error', () => {
    const db = openDatabase(join(tempDir('db'), 'library.sqlite'));
    const insert = db.prepare(
      `INSERT INTO hint_presets (name, width, height, hints, hint_count, created_at, updated_at) VALUES (?, ?, ?, ?, 1, 'now', 'now')`,
    );
    expect(() => insert.run('a', 0, 10, '[]')).toThrow(/CHECK/);
    expect(() => insert.run('b', 10, 10, '{"not":"a list"}')).toThrow(/CHECK/);
    expect(() => insert.run('', 10, 10, '[]')).toThrow(/CHECK/);
    const id = Number(insert.run('edited by hand', 10, 10, '[{"points":[],"radius":1,"colour":"#000000"}]').lastInsertRowid);
    expect(() => getHintPreset(db, id)).toThrow(expect.objectContaining({ code: 'E_DB' }));
    db.close();
  });
});
