import { describe, expect, it, vi } from 'vitest';
import { KintsugiError } from '../../src-shared/errors.js';
import { createRouter } from './router.js';
import type { CallContext, Handlers } from './types.js';

const ctx: CallContext = { emit: () => {}, files: { assertReadable: () => {}, assertWritable: () => {}, grant: () => {} } };

const settings = { backend: 'auto' as const };

describe('router: contract validation', () => {
  it('passes a valid request, with defaults filled in, to its handler', async () => {
    const list = vi.fn(() => ({ total: 0, items: [] }));
    const router = createRouter({ 'library.list': list });
    const result = await router.invoke('library.list', { query: 'cat' }, ctx);
    expect(result).toEqual({ ok: true, value: { total: 0, items: [] } });
    expect(list).toHaveBeenCalledWith({ query: 'cat', offset: 0, limit: 500 }, ctx);
  });

  it.each([
    ['wrong type', 'library.get', { id: 'seven' }],
    ['negative id', 'library.get', { id: -1 }],
    ['unknown field', 'settings.update', { backend: 'auto', evil: true }],
    ['unknown backend', 'settings.update', { backend: 'cuda-please' }],
    ['empty path list', 'library.import', { paths: [] }],
    ['not an object', 'library.import', 'rm -rf /'],
    ['upload bytes as string', 'library.importUploads', { files: [{ name: 'a.png', bytes: 'AAAA' }] }],
  ])('refuses a bad request (%s) with E_INVALID_ARGUMENT and never calls the handler', async (_label, channel, request) => {
    const handler = vi.fn();
    const handlers = { [channel]: handler } as Handlers;
    const result = await createRouter(handlers).invoke(channel, request, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('E_INVALID_ARGUMENT');
      expect(result.error.message).toContain(channel);
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers unknown channels with E_NOT_FOUND and unbound ones with E_UNSUPPORTED', async () => {
    const router = createRouter({});
    expect(await router.invoke('library.drop_tables', {}, ctx)).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND' } });
    expect(await router.invoke('files.pick', { kind: 'files' }, ctx)).toMatchObject({ ok: false, error: { code: 'E_UNSUPPORTED' } });
  });

  it('does not treat inherited object keys as channels', async () => {
    const result = await createRouter({}).invoke('constructor', {}, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND' } });
  });
});

describe('router: errors are data', () => {
  it('keeps the code of a thrown KintsugiError', async () => {
    const router = createRouter({
      'library.get': () => {
        throw new KintsugiError('E_NOT_FOUND', 'No image 9');
      },
    });
    expect(await router.invoke('library.get', { id: 9 }, ctx)).toEqual({ ok: false, error: { code: 'E_NOT_FOUND', message: 'No image 9' } });
  });

  it('maps filesystem and SQLite errors to stable codes', async () => {
    const enoent = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    const sqlite = Object.assign(new Error('UNIQUE constraint failed'), { name: 'SqliteError', code: 'SQLITE_CONSTRAINT_UNIQUE' });
    const router = createRouter({
      'library.get': () => Promise.reject(enoent),
      'settings.get': () => {
        throw sqlite;
      },
    });
    expect(await router.invoke('library.get', { id: 1 }, ctx)).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND' } });
    const db = await router.invoke('settings.get', {}, ctx);
    expect(db).toMatchObject({ ok: false, error: { code: 'E_DB' } });
    if (!db.ok) expect(db.error.message).toContain('SQLITE_CONSTRAINT_UNIQUE');
  });

  it('turns an answer that breaks the response schema into E_INTERNAL and logs it', async () => {
    const log = vi.fn();
    const router = createRouter({ 'settings.get': () => ({ backend: 'quantum' }) as unknown as typeof settings }, log);
    expect(await router.invoke('settings.get', {}, ctx)).toMatchObject({ ok: false, error: { code: 'E_INTERNAL' } });
    expect(log).toHaveBeenCalledWith(expect.stringContaining('settings.get'));
  });
});
