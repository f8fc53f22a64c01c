import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src-shared/contract/index.js';
import { THUMBNAIL_SIZE } from '../images/thumbnail.js';
import { BAD_FILES, GOOD_FILES, SKIPPED_FILES, makeImportFolder, solid, tempDir } from '../images/test-images.js';
import { openDatabase } from './db.js';
import { dayFolder } from './upload-store.js';
import { LibraryService } from './library-service.js';

function newService(): LibraryService {
  const dataDir = tempDir('data');
  return new LibraryService({ db: openDatabase(join(dataDir, 'library.sqlite')), dataDir });
}

const relative = (root: string, path: string) => path.slice(root.length + 1).split(sep).join('/');

describe('LibraryService.importPaths: a folder with good, broken and hidden files', () => {
  let root: string;
  let service: LibraryService;
  let first: ImportSummary;
  const progress: [number, number, string][] = [];

  beforeAll(async () => {
    root = await makeImportFolder();
    service = newService();
    first = await service.importPaths([root], { onProgress: (done, total, current) => progress.push([done, total, current]) });
  });

  it('imports every good file, nested ones included, with its displayed size', () => {
    const byName = Object.fromEntries(first.imported.map((i) => [i.name, [i.width, i.height]]));
    expect(first.imported).toHaveLength(Object.keys(GOOD_FILES).length);
    for (const [rel, size] of Object.entries(GOOD_FILES)) expect(byName[rel.split('/').pop() as string]).toEqual(size);
  });

  it('reports each broken file with its own code, lists non-image files as skipped and leaves hidden ones out', () => {
    const failed = Object.fromEntries(first.failed.map((f) => [relative(root, f.path), f.code]));
    expect(failed).toEqual(BAD_FILES);
    const messages = Object.fromEntries(first.failed.map((f) => [relative(root, f.path), f.message]));
    expect(messages['truncated.jpg']).toMatch(/truncated or corrupt JPEG/);
    expect(messages['empty.jpg']).toMatch(/file is empty/);
    expect(messages['notes.png']).toMatch(/not an image/);
    expect(messages['sub/huge.png']).toMatch(/30000×30000/);
    expect(first.duplicates).toEqual([]);
    expect(first.skipped.map((s) => relative(root, s.path))).toEqual([...SKIPPED_FILES]);
    expect(first.skipped[0]?.reason).toBe('not an image file type (.txt)');
  });

  it('reports progress once per file', () => {
    const total = Object.keys(GOOD_FILES).length + Object.keys(BAD_FILES).length;
    expect(progress.map(([done]) => done)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(progress.every(([, t]) => t === total)).toBe(true);
  });

  it('records file details: 16-bit depth, EXIF orientation, hash, bytes, format', () => {
    const { items } = service.list({ offset: 0, limit: 100 });
    const find = (name: string) => service.get(items.find((i) => i.name === name)?.id ?? 0);
    expect(find('deep-16bit.png')).toMatchObject({ bitDepth: 16, format: 'png', orientation: 1 });
    expect(find('rotated.jpg')).toMatchObject({ width: 20, height: 40, orientation: 6, format: 'jpeg' });
    expect(find('scan.tiff')).toMatchObject({ format: 'tiff', path: join(root, 'sub', 'deeper', 'scan.tiff') });
    expect(find('café-日本.png').sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('finds all good files again as duplicates on a second import and adds nothing', async () => {
    const again = await service.importPaths([root]);
    expect(again.imported).toEqual([]);
    expect(again.duplicates).toHaveLength(Object.keys(GOOD_FILES).length);
    const ids = new Set(first.imported.map((i) => i.id));
    expect(again.duplicates.every((d) => ids.has(d.existingId))).toBe(true);
    expect(again.failed).toHaveLength(Object.keys(BAD_FILES).length);
    expect(service.list({ offset: 0, limit: 100 }).total).toBe(Object.keys(GOOD_FILES).length);
  });

  it('stores an upright WebP thumbnail of at most 256 px for every image', async () => {
    for (const image of first.imported) {
      const thumb = await service.media('thumb', image.id);
      expect(thumb.contentType).toBe('image/webp');
      const meta = await sharp(thumb.data).metadata();
      expect(meta.format).toBe('webp');
      expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(THUMBNAIL_SIZE);
      expect((meta.width ?? 0) > (meta.height ?? 0)).toBe(image.width > image.height);
    }
  });

  it('shows the EXIF-rotated JPEG as an upright PNG, and a plain PNG as it is', async () => {
    const rotated = first.imported.find((i) => i.name === 'rotated.jpg');
    const media = await service.media('image', rotated?.id ?? 0);
    expect(media.contentType).toBe('image/png');
    expect(await sharp(media.data).metadata()).toMatchObject({ width: 20, height: 40 });
    const plain = first.imported.find((i) => i.name === 'a-photo.png');
    expect((await service.media('image', plain?.id ?? 0)).contentType).toBe('image/png');
  });

  it('reports a missing path as a failure without stopping the rest', async () => {
    const other = newService();
    const result = await other.importPaths([join(root, 'nope'), join(root, 'a-photo.png')]);
    expect(result.failed).toMatchObject([{ path: join(root, 'nope'), code: 'E_NOT_FOUND' }]);
    expect(result.imported.map((i) => i.name)).toEqual(['a-photo.png']);
  });
});

describe('LibraryService: list, get, remove, projects, settings', () => {
  let service: LibraryService;
  const dir = tempDir('list');

  beforeAll(async () => {
    service = newService();
    const paths: string[] = [];
    for (let i = 0; i < 12; i++) {
      const path = join(dir, `${i % 2 ? 'Cat' : 'dog'}_${String(i).padStart(2, '0')}.png`);
      await solid(8, 8, `#${(i * 16 + 15).toString(16).padStart(2, '0')}4040`).png().toFile(path);
      paths.push(path);
    }
    writeFileSync(join(dir, '100%_done.png'), await solid(8, 8, '#fff').png().toBuffer());
    await service.importPaths([...paths, join(dir, '100%_done.png')]);
  });

  it('pages newest first with a total', () => {
    const page = service.list({ offset: 2, limit: 3 });
    expect(page.total).toBe(13);
    expect(page.items.map((i) => i.name)).toEqual(['dog_10.png', 'Cat_09.png', 'dog_08.png']); // after 100%_done, Cat_11
  });

  it('searches names case-insensitively, taking LIKE wildcards literally', () => {
    const cats = service.list({ query: 'CAT', offset: 0, limit: 4 });
    expect(cats.total).toBe(6);
    expect(cats.items.map((i) => i.name)).toEqual(['Cat_11.png', 'Cat_09.png', 'Cat_07.png', 'Cat_05.png']);
    expect(service.list({ query: '%', offset: 0, limit: 50 }).items.map((i) => i.name)).toEqual(['100%_done.png']);
    expect(service.list({ query: 'dog_0_', offset: 0, limit: 50 }).total).toBe(0);
    expect(service.list({ query: '  ', offset: 0, limit: 50 }).total).toBe(13);
  });

  it('keeps projects apart: the same file may be imported into another project', async () => {
    const project = service.createProject('Family scans');
    expect(() => service.createProject('family SCANS')).toThrow(expect.objectContaining({ code: 'E_DUPLICATE' }));
    const result = await service.importPaths([join(dir, 'dog_00.png')], { projectId: project.id });
    expect(result.imported).toHaveLength(1);
    expect(service.list({ projectId: project.id, offset: 0, limit: 10 }).total).toBe(1);
    expect(service.listProjects().map((p) => [p.name, p.imageCount])).toEqual([['Library', 13], ['Family scans', 1]]);
    await expect(service.importPaths([dir], { projectId: 999 })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('answers E_NOT_FOUND for a missing id, and removes a record but never the file', async () => {
    expect(() => service.get(987654)).toThrow(expect.objectContaining({ code: 'E_NOT_FOUND' }));
    await expect(service.media('thumb', 987654)).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    const victim = service.list({ query: 'dog_02', offset: 0, limit: 1 }).items[0];
    expect(await service.remove(victim?.id ?? 0)).toEqual({ removed: true, projectId: 1 });
    expect(await service.remove(victim?.id ?? 0)).toEqual({ removed: false, projectId: null });
    expect(existsSync(join(dir, 'dog_02.png'))).toBe(true);
    expect(service.list({ query: 'dog_02', offset: 0, limit: 1 }).total).toBe(0);
  });

  it('keeps settings with a default, and refuses bad values', () => {
    expect(service.getSettings()).toEqual({ backend: 'auto' });
    expect(service.updateSettings({ backend: 'wasm' })).toEqual({ backend: 'wasm' });
    expect(service.getSettings()).toEqual({ backend: 'wasm' });
    expect(service.updateSettings({ exportFolder: '/home/ann/out', exportFormat: 'jpeg' })).toEqual({ backend: 'wasm', exportFolder: '/home/ann/out', exportFormat: 'jpeg' });
    expect(() => service.updateSettings({ exportFormat: 'bmp' as never })).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    expect(() => service.updateSettings({ backend: 'cuda' as never })).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    expect(service.updateSettings({ language: 'ja' })).toMatchObject({ backend: 'wasm', language: 'ja' });
    expect(service.getSettings().language).toBe('ja');
    expect(() => service.updateSettings({ language: 'zh' as never })).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
  });
});

describe('LibraryService.importUploads', () => {
  it('stores uploads under dataDir/uploads/<day>/ with safe names, and drops copies it does not keep', async () => {
    const dataDir = tempDir('uploads');
    const service = new LibraryService({ db: openDatabase(join(dataDir, 'library.sqlite')), dataDir });
    const png = await solid(20, 10, '#0a0').png().toBuffer();
    const other = await solid(10, 20, '#00a').png().toBuffer();
    const result = await service.importUploads([
      { name: '../../evil.png', bytes: png },
      { name: 'café-日本.png', bytes: other },
      { name: 'again.png', bytes: png },
      { name: 'broken.png', bytes: new TextEncoder().encode('nope') },
    ]);
    expect(result.imported.map((i) => i.name)).toEqual(['evil.png', 'café-日本.png']);
    expect(result.duplicates).toMatchObject([{ path: 'again.png', existingId: result.imported[0]?.id }]);
    expect(result.failed).toMatchObject([{ path: 'broken.png', code: 'E_BAD_IMAGE' }]);
    const day = join(dataDir, 'uploads', dayFolder(new Date()));
    expect(readdirSync(day).sort()).toEqual(['café-日本.png', 'evil.png']);
    expect(existsSync(join(dataDir, '..', 'evil.png'))).toBe(false);
    const evil = service.get(result.imported[0]?.id ?? 0);
    expect(evil.path).toBe(join(day, 'evil.png'));
  });

  it('never overwrites an earlier upload of the same name', async () => {
    const dataDir = tempDir('uploads-same');
    const service = new LibraryService({ db: openDatabase(join(dataDir, 'library.sqlite')), dataDir });
    const a = await service.importUploads([{ name: 'scan.png', bytes: await solid(8, 8, '#a00').png().toBuffer() }]);
    const b = await service.importUploads([{ name: 'scan.png', bytes: await solid(8, 8, '#0a0').png().toBuffer() }]);
    const paths = [a, b].map((r) => service.get(r.imported[0]?.id ?? 0).path);
    expect(paths.map((p) => p.split(sep).pop())).toEqual(['scan.png', 'scan-2.png']);
    expect(service.get(b.imported[0]?.id ?? 0).name).toBe('scan.png');
  });
});
