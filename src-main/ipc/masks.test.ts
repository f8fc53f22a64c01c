import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { KintsugiError } from '../../src-shared/errors.js';
import { encodeMaskPng } from '../images/mask-codec.js';
import { solid, tempDir } from '../images/test-images.js';
import { openDatabase } from '../library/db.js';
import { LibraryService } from '../library/library-service.js';
import { MasksService } from '../masks/masks-service.js';
import { createRouter, type Router } from '../router/router.js';
import type { CallContext } from '../router/types.js';
import { masksHandlers } from './masks.js';

function context(forbidden: string): CallContext {
  const refuse = (path: string) => {
    if (path.startsWith(forbidden)) throw new KintsugiError('E_FORBIDDEN', `Not chosen by the user: ${path}`);
  };
  return { emit: () => {}, files: { assertReadable: refuse, assertWritable: refuse, grant: () => {} } };
}

describe('masks channels through the router', () => {
  let router: Router;
  let imageId: number;
  let folder: string;
  let ctx: CallContext;

  async function invoke(channel: string, request: unknown): Promise<unknown> {
    const result = await router.invoke(channel, request, ctx);
    if (!result.ok) throw KintsugiError.fromData(result.error);
    return result.value;
  }

  beforeAll(async () => {
    const dataDir = tempDir('masks');
    const db = openDatabase(join(dataDir, 'library.sqlite'));
    const library = new LibraryService({ db, dataDir });
    router = createRouter(masksHandlers(new MasksService({ db, images: library })));
    folder = tempDir('mask-files');
    // Stored 30×20, EXIF orientation 6: shown 20×30, the size every mask of it must have.
    await solid(30, 20, '#a63').jpeg().withMetadata({ orientation: 6 }).toFile(join(folder, 'photo.jpg'));
    imageId = (await library.importPaths([join(folder, 'photo.jpg')])).imported[0]!.id;
    ctx = context(join(folder, 'secret'));
  });

  it('has no mask at first, saves one normalised to grey 255/0, reads it back and clears it', async () => {
    expect(await invoke('masks.get', { imageId })).toEqual({ png: null, info: null });
    // An RGB PNG with soft grey strokes: any non-zero grey is a hole when saved.
    const rgb = Buffer.alloc(20 * 30 * 3);
    rgb.fill(200, 0, 20 * 3 * 3); // the first three rows
    const png = await sharp(rgb, { raw: { width: 20, height: 30, channels: 3 } }).png().toBuffer();
    const info = await invoke('masks.save', { imageId, png: new Uint8Array(png) });
    expect(info).toEqual({ imageId, width: 20, height: 30, coverage: 60 / 600 });
    const saved = (await invoke('masks.get', { imageId })) as { png: Uint8Array; info: unknown };
    expect(saved.info).toEqual(info);
    expect(saved.png).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(saved.png)).toBe(false);
    expect((await sharp(saved.png).metadata()).channels).toBe(1);
    const pixels = await sharp(saved.png).greyscale().raw().toBuffer();
    expect(pixels.filter((v) => v === 255)).toHaveLength(60);
    expect(pixels.filter((v) => v !== 0 && v !== 255)).toHaveLength(0);
    expect(await invoke('masks.clear', { imageId })).toEqual({ cleared: true });
    expect(await invoke('masks.clear', { imageId })).toEqual({ cleared: false });
    expect(await invoke('masks.get', { imageId })).toEqual({ png: null, info: null });
  });

  it('refuses a mask of the stored (unrotated) size, and an unknown image', async () => {
    const wrong = await encodeMaskPng(new Uint8Array(30 * 20), { width: 30, height: 20 });
    await expect(invoke('masks.save', { imageId, png: new Uint8Array(wrong) })).rejects.toMatchObject({
      code: 'E_INVALID_ARGUMENT',
      message: 'mask is 30×20 but the image is 20×30',
    });
    await expect(invoke('masks.get', { imageId: 999 })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('imports a mask file or dropped bytes of a green copy without saving it, and checks the path first', async () => {
    const white = await sharp({ create: { width: 20, height: 30, channels: 3, background: '#000' } })
      .composite([{ input: { create: { width: 5, height: 4, channels: 3, background: '#fff' } }, left: 2, top: 3 }])
      .png()
      .toFile(join(folder, 'mask.png'));
    expect(white.width).toBe(20);
    const fromFile = (await invoke('masks.import', { imageId, source: { path: join(folder, 'mask.png') }, kind: 'mask' })) as {
      info: { coverage: number };
    };
    expect(fromFile.info).toEqual({ imageId, width: 20, height: 30, coverage: 20 / 600 });

    const green = await sharp({ create: { width: 20, height: 30, channels: 3, background: '#a63' } })
      .composite([{ input: { create: { width: 4, height: 4, channels: 3, background: '#00ff00' } }, left: 0, top: 0 }])
      .png()
      .toBuffer();
    const fromBytes = (await invoke('masks.import', {
      imageId,
      source: { bytes: new Uint8Array(green), name: 'green.png' },
      kind: 'green',
      tolerance: 10,
    })) as { png: Uint8Array; info: { coverage: number } };
    expect(fromBytes.info.coverage).toBe(16 / 600);
    expect(await invoke('masks.get', { imageId })).toEqual({ png: null, info: null });

    await expect(
      invoke('masks.import', { imageId, source: { path: join(folder, 'secret', 'x.png') }, kind: 'mask' }),
    ).rejects.toMatchObject({ code: 'E_FORBIDDEN' });
    await expect(invoke('masks.import', { imageId, source: { path: join(folder, 'none.png') }, kind: 'mask' })).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
  });
});
