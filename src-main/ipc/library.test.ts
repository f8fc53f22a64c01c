import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventName } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { BAD_FILES, GOOD_FILES, makeImportFolder, solid, tempDir } from '../images/test-images.js';
import { openDatabase } from '../library/db.js';
import { LibraryService } from '../library/library-service.js';
import { createRouter, type Router } from '../router/router.js';
import type { CallContext } from '../router/types.js';
import { libraryHandlers } from './library.js';

/** A CallContext that records events and refuses every path under `forbidden`. */
function fakeContext(forbidden: string) {
  const events: { event: EventName; payload: unknown }[] = [];
  const touched: string[] = [];
  const ctx: CallContext = {
    emit: (event, payload) => events.push({ event, payload }),
    files: {
      assertReadable(path) {
        touched.push(path);
        if (path.startsWith(forbidden)) throw new KintsugiError('E_FORBIDDEN', `Not chosen by the user: ${path}`);
      },
      assertWritable: () => {},
      grant: () => {},
    },
  };
  return { ctx, events, touched };
}

describe('libraryHandlers through the router', () => {
  let router: Router;
  let service: LibraryService;
  let photos: string;
  let secret: string;

  const count = () => service.list({ offset: 0, limit: 1 }).total;

  beforeAll(async () => {
    const dataDir = tempDir('ipc');
    service = new LibraryService({ db: openDatabase(join(dataDir, 'library.sqlite')), dataDir });
    router = createRouter(libraryHandlers(service));
    photos = await makeImportFolder();
    secret = tempDir('secret');
    await solid(8, 8, '#f00').png().toFile(join(secret, 'private.png'));
  });

  it('refuses a forbidden path with E_FORBIDDEN and imports nothing, not even the allowed paths', async () => {
    const { ctx, events } = fakeContext(secret);
    const result = await router.invoke('library.import', { paths: [photos, join(secret, 'private.png')] }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
    expect(count()).toBe(0);
    expect(events).toEqual([]);
  });

  it.each([
    ['an empty path list', { paths: [] }],
    ['a path of the wrong type', { paths: [42] }],
    ['an unknown field', { paths: ['/tmp/photos'], evil: true }],
    ['a negative project id', { paths: ['x'], projectId: -1 }],
  ])('refuses %s with E_INVALID_ARGUMENT and changes nothing', async (_label, request) => {
    const { ctx, touched } = fakeContext(secret);
    const result = await router.invoke('library.import', request, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'E_INVALID_ARGUMENT' } });
    expect(touched).toEqual([]);
    expect(count()).toBe(0);
  });

  it('imports, sending progress events and then library.changed', async () => {
    const { ctx, events, touched } = fakeContext(secret);
    const result = await router.invoke('library.import', { paths: [photos] }, ctx);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const summary = result.value as { imported: unknown[]; failed: unknown[] };
    expect(summary.imported).toHaveLength(Object.keys(GOOD_FILES).length);
    expect(summary.failed).toHaveLength(Object.keys(BAD_FILES).length);
    expect(touched).toEqual([photos]);
    const progress = events.filter((e) => e.event === 'library.importProgress');
    const total = Object.keys(GOOD_FILES).length + Object.keys(BAD_FILES).length;
    expect(progress).toHaveLength(total);
    expect(progress.at(-1)?.payload).toMatchObject({ done: total, total });
    expect(events.at(-1)).toEqual({ event: 'library.changed', payload: { projectId: 1 } });
  });

  it('lists, gets, removes and manages projects', async () => {
    const { ctx, events } = fakeContext(secret);
    const page = await router.invoke('library.list', { query: 'PHOTO', limit: 2 }, ctx);
    expect(page).toMatchObject({ ok: true, value: { total: 3 } });
    const first = page.ok ? (page.value as { items: { id: number }[] }).items[0] : undefined;
    expect(await router.invoke('library.get', { id: first?.id ?? 0 }, ctx)).toMatchObject({ ok: true, value: { id: first?.id } });
    expect(await router.invoke('library.get', { id: 99999 }, ctx)).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND' } });
    expect(await router.invoke('library.remove', { id: first?.id ?? 0 }, ctx)).toEqual({ ok: true, value: { removed: true } });
    expect(events).toEqual([{ event: 'library.changed', payload: { projectId: 1 } }]);
    expect(await router.invoke('library.remove', { id: first?.id ?? 0 }, ctx)).toEqual({ ok: true, value: { removed: false } });
    expect(events).toHaveLength(1);
    expect(await router.invoke('projects.create', { name: '  Old scans ' }, ctx)).toMatchObject({ ok: true, value: { name: 'Old scans', imageCount: 0 } });
    expect(await router.invoke('projects.list', {}, ctx)).toMatchObject({ ok: true, value: [{ name: 'Library' }, { name: 'Old scans' }] });
  });

  it('says when an original is missing, and locates it only at a readable file with the same contents', async () => {
    const { ctx, events } = fakeContext(secret);
    const folder = tempDir('locate');
    const original = join(folder, 'moved.png');
    await solid(12, 9, '#0a0').png().toFile(original);
    await solid(12, 9, '#00a').png().toFile(join(folder, 'other.png'));
    const imported = await service.importPaths([original]);
    const id = imported.imported[0]!.id;
    expect(await router.invoke('library.get', { id }, ctx)).toMatchObject({ ok: true, value: { id, missing: false } });
    const elsewhere = join(tempDir('locate-new'), 'found again.png');
    renameSync(original, elsewhere);
    expect(await router.invoke('library.get', { id }, ctx)).toMatchObject({ ok: true, value: { path: original, missing: true } });

    expect(await router.invoke('library.locate', { id, path: join(folder, 'other.png') }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'E_INVALID_ARGUMENT', message: expect.stringContaining('its contents differ') },
    });
    expect(await router.invoke('library.locate', { id, path: join(secret, 'private.png') }, ctx)).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
    expect(await router.invoke('library.locate', { id, path: join(folder, 'nothing.png') }, ctx)).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND' } });
    expect(events).toEqual([]);
    expect(await router.invoke('library.locate', { id, path: elsewhere }, ctx)).toMatchObject({ ok: true, value: { id, path: elsewhere, missing: false } });
    expect(events).toEqual([{ event: 'library.changed', payload: { projectId: 1 } }]);
  });

  it('imports uploads with progress, without asking file access', async () => {
    const { ctx, events, touched } = fakeContext('/');
    const bytes = new Uint8Array(await solid(9, 9, '#abc').png().toBuffer());
    const result = await router.invoke('library.importUploads', { files: [{ name: 'dropped.png', bytes }] }, ctx);
    expect(result).toMatchObject({ ok: true, value: { imported: [{ name: 'dropped.png' }] } });
    expect(touched).toEqual([]);
    expect(events.map((e) => e.event)).toEqual(['library.importProgress', 'library.changed']);
  });
});
