import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../router/router.js';
import type { CallContext } from '../router/types.js';
import { filesBrowseHandlers, listDirectory } from './files-browse.js';

const ctx: CallContext = { emit: () => {}, files: { assertReadable: () => {}, assertWritable: () => {}, grant: () => {} } };

describe('files.browse (the picker of browser mode)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kintsugi-browse-'));
  mkdirSync(join(dir, 'b-folder'));
  mkdirSync(join(dir, '.hidden-folder'));
  writeFileSync(join(dir, 'a-photo.JPG'), 'x');
  writeFileSync(join(dir, 'notes.txt'), 'hello');
  writeFileSync(join(dir, '.DS_Store'), '');

  it('lists folders first, then files, flags images and hides dot-files', async () => {
    const listing = await listDirectory(dir);
    expect(listing.path).toBe(dir);
    expect(listing.parent).toBe(join(dir, '..'));
    expect(listing.entries.map((e) => [e.name, e.kind, e.image])).toEqual([
      ['b-folder', 'dir', false],
      ['a-photo.JPG', 'file', true],
      ['notes.txt', 'file', false],
    ]);
    expect(listing.entries.find((e) => e.name === 'notes.txt')?.size).toBe(5);
  });

  it('has no parent at the root', async () => {
    expect((await listDirectory('/')).parent).toBeNull();
  });

  it('answers typed errors through the router for a missing folder or a file', async () => {
    const router = createRouter(filesBrowseHandlers());
    expect(await router.invoke('files.browse', { path: join(dir, 'nope') }, ctx)).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND' } });
    expect(await router.invoke('files.browse', { path: join(dir, 'notes.txt') }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'E_INVALID_ARGUMENT' },
    });
  });
});
