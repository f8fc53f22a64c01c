import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../images/test-images.js';
import { containsPattern } from '../search-key.js';
import { MIGRATIONS, migrate } from './index.js';

describe('migration 010: NFKC search names', () => {
  it('refolds names stored as NFC so half-width and full-width forms find them', () => {
    const file = join(tempDir('db'), 'library.sqlite');
    const db = new Database(file);
    migrate(db, MIGRATIONS.slice(0, 9));
    db.prepare(
      `INSERT INTO images (project_id, path, name, sha256, bytes, width, height, format, bit_depth, channels, added_at, search_name)
       VALUES (1, '/p/ｶﾀｶﾅ.png', 'ｶﾀｶﾅ ＰＨＯＴＯ.png', ?, 10, 4, 3, 'png', 8, 3, '2024-01-01T00:00:00.000Z', 'ｶﾀｶﾅ ｐｈｏｔｏ.png')`,
    ).run('a'.repeat(64));
    migrate(db, MIGRATIONS);
    const find = (query: string) =>
      db.prepare(`SELECT name FROM images WHERE search_name LIKE ? ESCAPE '\\'`).all(containsPattern(query));
    expect(db.prepare('SELECT search_name FROM images').pluck().get()).toBe('カタカナ photo.png');
    expect(find('カタカナ')).toHaveLength(1);
    expect(find('ｶﾀｶﾅ')).toHaveLength(1);
    expect(find('Photo')).toHaveLength(1);
    expect(find('写真')).toHaveLength(0);
    db.close();
  });
});
