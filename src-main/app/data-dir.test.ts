import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR_ENV, defaultDataDir, resolveDataDir } from './data-dir.js';

describe('data folder', () => {
  it('prefers --data-dir, then the environment, then the per-user default', () => {
    expect(resolveDataDir('rel/dir', { [DATA_DIR_ENV]: '/env/dir' })).toBe(resolve('rel/dir'));
    expect(resolveDataDir(undefined, { [DATA_DIR_ENV]: '/env/dir' })).toBe('/env/dir');
    expect(resolveDataDir(undefined, { XDG_DATA_HOME: '/xdg' })).toBe(defaultDataDir(process.platform, { XDG_DATA_HOME: '/xdg' }));
  });

  it('follows each platform convention', () => {
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/xdg' })).toBe(join('/xdg', 'kintsugi'));
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' })).toContain('Kintsugi');
    expect(defaultDataDir('darwin', {})).toContain(join('Library', 'Application Support', 'Kintsugi'));
  });
});
