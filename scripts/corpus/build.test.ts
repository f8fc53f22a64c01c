import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeRgb } from '../../src-main/images/rgb-pixels.js';
import { type BuildContext, addPackage } from './build.js';
import { listCandidates } from './candidates.js';
import { DEFAULT_CROP_PLAN } from './crops.js';
import { parseDep5 } from './dep5.js';
import { type Manifest, READY_FILE, checkCompatible, emptyManifest, loadManifest, saveManifest } from './manifest.js';
import type { PackagePlan } from './packages.js';
import { greyPhoto, samplePhoto } from './sample-photos.test-util.js';
import { splitOf } from './split.js';
import { greyThumbnail } from './thumbnail.js';

const COPYRIGHT = `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/

Files: *
Copyright: 2024 Sample Authors
License: GPL-2+

Files: photos/p2*
Copyright: 2023 Jane Photographer
License: CC-BY-4.0
`;

const PLAN: PackagePlan = {
  name: 'sample-photos',
  allow: ['usr/share/sample/photos/*'],
  deny: ['usr/share/sample/photos/README'],
  sourcePath: [/^usr\/share\/sample\//, ''],
};

let work: string;
let root: string;
let out: string;
let reservedPhoto: Buffer;

async function put(rel: string, data: Buffer | string) {
  await mkdir(path.dirname(path.join(root, rel)), { recursive: true });
  await writeFile(path.join(root, rel), data);
}

async function build(manifest: Manifest, reserved: Buffer[], plan = PLAN, copyright = COPYRIGHT): Promise<string[]> {
  const log: string[] = [];
  const ctx: BuildContext = {
    outDir: out,
    manifest,
    reserved: await Promise.all(reserved.map(async (b) => greyThumbnail(await decodeRgb(b, 'reserved')))),
    log: (line) => log.push(line),
  };
  const candidates = await listCandidates(root, plan);
  await addPackage(ctx, { name: plan.name, version: '1.0-1', copyright: parseDep5(copyright), candidates });
  return log;
}

async function mtimes(dir: string): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  for (const split of ['train', 'val']) {
    for (const f of await readdir(path.join(dir, split))) result.set(`${split}/${f}`, (await stat(path.join(dir, split, f))).mtimeMs);
  }
  return result;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'corpus-test-'));
  root = path.join(work, 'root');
  out = path.join(work, 'corpus');
  for (let seed = 1; seed <= 12; seed++) await put(`usr/share/sample/photos/p${seed}.jpg`, await samplePhoto(seed, 600, 400));
  // The same photo as p1, resized and re-encoded: a duplicate.
  await put('usr/share/sample/photos/p1-copy.png', await sharp(await samplePhoto(1, 600, 400)).resize(450, 300).png().toBuffer());
  await put('usr/share/sample/photos/small.jpg', await samplePhoto(40, 200, 150));
  await put('usr/share/sample/photos/grey.png', await greyPhoto(640, 480));
  await put('usr/share/sample/photos/broken.jpg', Buffer.from('\xff\xd8\xff this is not really a jpeg'));
  await put('usr/share/sample/photos/README', 'not a photo');
  await put('usr/share/sample/icons/icon.png', await samplePhoto(50, 300, 300, 'png'));
  // What the evaluation keeps: p3, as a smaller JPEG, so only the thumbnail can tell it is the same photo.
  reservedPhoto = await sharp(await samplePhoto(3, 600, 400)).resize(300, 200).jpeg({ quality: 70 }).toBuffer();
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('addPackage', () => {
  let manifest: Manifest;

  beforeAll(async () => {
    manifest = emptyManifest(DEFAULT_CROP_PLAN, 50);
    await build(manifest, [reservedPhoto]);
    await saveManifest(out, manifest, true);
  });

  it('keeps only allowed files, and drops reserved, duplicate, small, grey and broken ones with reasons', () => {
    const dropped = Object.fromEntries(manifest.dropped.map((d) => [path.basename(d.path), d.reason]));
    expect(dropped).toEqual({
      'p3.jpg': 'reserved',
      'p1.jpg': 'duplicate',
      'small.jpg': 'too-small',
      'grey.png': 'grey',
      'broken.jpg': 'bad-image',
    });
    const kept = manifest.photos.map((p) => path.basename(p.path)).sort();
    expect(kept).toEqual(['p1-copy.png', 'p10.jpg', 'p11.jpg', 'p12.jpg', 'p2.jpg', 'p4.jpg', 'p5.jpg', 'p6.jpg', 'p7.jpg', 'p8.jpg', 'p9.jpg']);
    const duplicate = manifest.dropped.find((d) => d.reason === 'duplicate')!;
    const original = manifest.photos.find((p) => p.path.endsWith('p1-copy.png'))!;
    expect(duplicate.detail).toContain(original.id);
  });

  it('records each file’s licence and holder from the copyright file, on the photo and on every crop', () => {
    for (const photo of manifest.photos) {
      const expected = photo.path.endsWith('p2.jpg')
        ? { licence: 'CC-BY-4.0', copyright: '2023 Jane Photographer', licenceRule: 'photos/p2*' }
        : { licence: 'GPL-2+', copyright: '2024 Sample Authors', licenceRule: '*' };
      expect(photo).toMatchObject({ package: 'sample-photos', packageVersion: '1.0-1', ...expected });
      const crops = manifest.crops.filter((c) => c.photoId === photo.id);
      expect(crops.length).toBeGreaterThanOrEqual(2);
      for (const crop of crops) expect(crop).toMatchObject({ path: photo.path, ...expected });
    }
  });

  it('splits by source photo: every crop of a photo lies in that photo’s split folder', async () => {
    const splits = new Set(manifest.photos.map((p) => p.split));
    expect(splits).toEqual(new Set(['train', 'val']));
    for (const photo of manifest.photos) {
      expect(photo.split).toBe(splitOf(photo.id, 50));
      for (const crop of manifest.crops.filter((c) => c.photoId === photo.id)) {
        expect(crop.split).toBe(photo.split);
        expect(crop.file.startsWith(`${photo.split}/`)).toBe(true);
        const meta = await sharp(path.join(out, crop.file)).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 256, 256]);
      }
    }
    const onDisk = [...(await mtimes(out)).keys()].sort();
    expect(onDisk).toEqual(manifest.crops.map((c) => c.file).sort());
  });

  it('writes the manifest, a summary and READY with the counts', async () => {
    const summary = JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.photos).toBe(11);
    expect(summary.dropped).toMatchObject({ reserved: 1, duplicate: 1, 'too-small': 1, grey: 1, 'bad-image': 1 });
    expect(summary.photosPerLicence).toEqual({ 'GPL-2+': 10, 'CC-BY-4.0': 1 });
    expect(summary.crops.train + summary.crops.val).toBe(manifest.crops.length);
    const ready = JSON.parse(await readFile(path.join(out, READY_FILE), 'utf8'));
    expect(ready).toMatchObject({ photos: 11, crops: summary.crops });
    expect(await loadManifest(out)).toEqual(manifest);
  });

  it('refuses to add to a folder built with another crop plan or split', () => {
    expect(() => checkCompatible(manifest, DEFAULT_CROP_PLAN, 50, out)).not.toThrow();
    expect(() => checkCompatible(manifest, DEFAULT_CROP_PLAN, 5, out)).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    expect(() => checkCompatible(manifest, { ...DEFAULT_CROP_PLAN, perScale: 9 }, 50, out)).toThrow(
      expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }),
    );
  });

  it('a re-run from the saved manifest adds nothing and rewrites no crop', async () => {
    const before = await mtimes(out);
    const again = (await loadManifest(out))!;
    const log = await build(again, [reservedPhoto]);
    expect(log).toEqual([]);
    expect(again).toEqual(manifest);
    expect(await mtimes(out)).toEqual(before);
  });

  it('extending with another package only adds files, and drops its copies of photos already kept', async () => {
    const before = await mtimes(out);
    await put('usr/share/other/pics/new.jpg', await samplePhoto(77, 800, 600));
    await put('usr/share/other/pics/again.jpg', await samplePhoto(5, 600, 400));
    const extended = (await loadManifest(out))!;
    const other: PackagePlan = { name: 'other', allow: ['usr/share/other/pics/*.jpg'], sourcePath: [/^usr\/share\/other\//, ''] };
    await build(extended, [reservedPhoto], other);
    expect(extended.photos.filter((p) => p.package === 'other').map((p) => path.basename(p.path))).toEqual(['new.jpg']);
    expect(extended.dropped.at(-1)).toMatchObject({ package: 'other', reason: 'duplicate' });
    const after = await mtimes(out);
    for (const [file, mtime] of before) expect(after.get(file)).toBe(mtime);
    expect(after.size).toBeGreaterThan(before.size);
  });

  it('lays cut-outs on crops of the same split and records both sources', async () => {
    // A solid orange disc on transparency.
    const disc = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="160"><circle cx="100" cy="80" r="40" fill="#ff8000"/></svg>',
    );
    await put('usr/share/stamps/animals/disc.png', await sharp(disc).png().toBuffer());
    const square = '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="80"><rect x="5" y="5" width="30" height="60" fill="#0040ff"/></svg>';
    await put('usr/share/stamps/animals/tiny.png', await sharp(Buffer.from(square)).png().toBuffer());
    const withStamps = (await loadManifest(out))!;
    const stamps: PackagePlan = { name: 'stamps', cutout: true, allow: ['usr/share/stamps/*.png'], sourcePath: [/^usr\/share\//, ''] };
    const log: string[] = [];
    const ctx: BuildContext = { outDir: out, manifest: withStamps, reserved: [], log: (l) => log.push(l) };
    const candidates = await listCandidates(root, stamps);
    await addPackage(ctx, { name: 'stamps', version: '2', copyright: parseDep5(COPYRIGHT), candidates, cutout: true });

    expect(withStamps.dropped.at(-1)).toMatchObject({ path: 'usr/share/stamps/animals/tiny.png', reason: 'too-small' });
    const photo = withStamps.photos.find((p) => p.package === 'stamps')!;
    const crops = withStamps.crops.filter((c) => c.photoId === photo.id);
    expect(crops).toHaveLength(2);
    for (const crop of crops) {
      expect(crop).toMatchObject({ split: photo.split, licence: 'GPL-2+', path: 'usr/share/stamps/animals/disc.png' });
      const bg = withStamps.crops.find((c) => c.file === crop.background!.file)!;
      expect(bg.split).toBe(photo.split);
      expect(bg.background).toBeUndefined();
      expect(crop.background).toMatchObject({ photoId: bg.photoId, package: bg.package, licence: bg.licence });
      // The disc's centre is orange; a corner of the stamp's box (transparent there) shows the background.
      const { left, top, width, height } = crop.stamp!;
      const pixels = await sharp(path.join(out, crop.file)).raw().toBuffer();
      const bgPixels = await sharp(path.join(out, bg.file)).raw().toBuffer();
      const at = (x: number, y: number, buf: Buffer) => Array.from(buf.subarray((y * 256 + x) * 3, (y * 256 + x) * 3 + 3));
      const [r, g, b] = at(left + Math.floor(width / 2), top + Math.floor(height / 2), pixels);
      expect(Math.abs(r! - 255) + Math.abs(g! - 128) + b!).toBeLessThan(30);
      const corner = at(left + 2, top + 2, pixels);
      const expected = at(left + 2, top + 2, bgPixels);
      expect(corner.reduce((d, v, i) => d + Math.abs(v - expected[i]!), 0)).toBeLessThan(30);
    }
  });
});
