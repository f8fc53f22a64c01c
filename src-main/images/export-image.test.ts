import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../src-shared/contract/index.js';
import { exportImage, writeError } from './export-image.js';
import { tempDir } from './test-images.js';


describe('exportImage', () => {
  let folder: string;
  let original: string;
  let p3Profile: Buffer;
  /** A version of the original: its displayed size (20×40), all one colour, as a result PNG would be. */
  let version: Buffer;

  beforeAll(async () => {
    folder = tempDir('export');
    original = join(folder, 'camera.jpg');
    // Stored 40×20, shown 20×40 (orientation 6), in Display P3 with camera EXIF: what an export must keep.
    await sharp({ create: { width: 40, height: 20, channels: 3, background: '#c84' } })
      .withMetadata({ orientation: 6 })
      .withIccProfile('p3')
      .withExif({ IFD0: { Make: 'Kintsugi Test Camera', Model: 'KT-1' } })
      .jpeg({ quality: 95 })
      .toFile(original);
    p3Profile = (await sharp(original).metadata()).icc as Buffer;
    version = await sharp({ create: { width: 20, height: 40, channels: 3, background: '#3a6' } }).png().toBuffer();
  });

  it.each(EXPORT_FORMATS)('writes %s upright, keeping the ICC profile and (but for TIFF) the EXIF, orientation 1', async (format) => {
    const dest = join(folder, `version.${format}`);
    const written = await exportImage({ original, version, dest, format, quality: 90, overwrite: false });
    expect(written).toEqual({ path: dest, bytes: readFileSync(dest).length, notes: [] });
    const meta = await sharp(dest).metadata();
    expect(meta).toMatchObject({ format: format === 'jpeg' ? 'jpeg' : format, width: 20, height: 40 });
    expect(meta.orientation ?? 1).toBe(1);
    expect(meta.hasAlpha).toBe(false);
    expect(meta.icc?.equals(p3Profile)).toBe(true);
    if (format !== 'tiff') expect(meta.exif?.toString('latin1')).toContain('Kintsugi Test Camera');
    // The version's sRGB colour survives the trip through the original's P3 profile.
    const { data } = await sharp(dest).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    expect(Math.abs((data[0] as number) - 0x33)).toBeLessThanOrEqual(6);
    expect(Math.abs((data[1] as number) - 0xaa)).toBeLessThanOrEqual(6);
    expect(Math.abs((data[2] as number) - 0x66)).toBeLessThanOrEqual(6);
  });

  it('writes the original itself upright when no version is given', async () => {
    const dest = join(folder, 'original.png');
    await exportImage({ original, dest, format: 'png', quality: 92, overwrite: false });
    const meta = await sharp(dest).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([20, 40, 1]);
    expect(meta.icc?.equals(p3Profile)).toBe(true);
  });

  it("keeps a transparent original's alpha under a version's colours", async () => {
    const rgba = join(folder, 'cutout.png');
    await sharp({ create: { width: 20, height: 40, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).png().toFile(rgba);
    const dest = join(folder, 'cutout-version.png');
    await exportImage({ original: rgba, version, dest, format: 'png', quality: 92, overwrite: false });
    const { data, info } = await sharp(dest).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    expect([...data.subarray(0, 4)]).toEqual([0x33, 0xaa, 0x66, 128]);
  });

  it('refuses to replace a file unless asked, and replaces it when asked', async () => {
    const dest = join(folder, 'taken.png');
    writeFileSync(dest, 'keep me');
    await expect(exportImage({ original, version, dest, format: 'png', quality: 92, overwrite: false })).rejects.toMatchObject({
      code: 'E_INVALID_ARGUMENT',
      message: expect.stringContaining('already exists'),
    });
    expect(readFileSync(dest, 'utf8')).toBe('keep me');
    await exportImage({ original, version, dest, format: 'png', quality: 92, overwrite: true });
    expect((await sharp(dest).metadata()).format).toBe('png');
  });

  it('fails clearly, leaving no file, when the "folder" is a regular file or does not exist', async () => {
    const dir = tempDir('export-bad');
    const notAFolder = join(dir, 'notes.txt');
    writeFileSync(notAFolder, 'a file, not a folder');
    await expect(exportImage({ original, version, dest: join(notAFolder, 'out.png'), format: 'png', quality: 92, overwrite: false })).rejects.toMatchObject({
      code: 'E_IO',
      message: expect.stringContaining('is a file, not a folder'),
    });
    await expect(
      exportImage({ original, version, dest: join(dir, 'missing', 'out.png'), format: 'png', quality: 92, overwrite: false }),
    ).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  // Root writes into a read-only folder anyway (and CI runs as root), so the permission case is checked on the
  // classification itself; the real unwritable destination above (a file used as the folder) runs everywhere.
  it('names the reason of each failed write with a stable code', () => {
    const fail = (code: string) => writeError(Object.assign(new Error(code), { code }), '/out/photo.png');
    expect(fail('EACCES')).toMatchObject({ code: 'E_FORBIDDEN', message: expect.stringContaining('no permission to write in /out') });
    expect(fail('EPERM')).toMatchObject({ code: 'E_FORBIDDEN' });
    expect(fail('ENOSPC')).toMatchObject({ code: 'E_IO', message: expect.stringContaining('disk is full') });
    expect(fail('EROFS')).toMatchObject({ code: 'E_IO', message: expect.stringContaining('read-only') });
    expect(fail('ENOTDIR')).toMatchObject({ code: 'E_IO', message: expect.stringContaining('/out is not a folder') });
  });

  it('refuses a version of another size than the original as shown, and a missing original', async () => {
    const stored = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#000' } }).png().toBuffer();
    const dest = join(folder, 'wrong.png');
    await expect(exportImage({ original, version: stored, dest, format: 'png', quality: 92, overwrite: false })).rejects.toMatchObject({
      message: expect.stringContaining('40×20 but the original is shown at 20×40'),
    });
    await expect(exportImage({ original: join(folder, 'gone.jpg'), dest, format: 'png', quality: 92, overwrite: false })).rejects.toMatchObject({
      code: 'E_NOT_FOUND',
    });
    expect(readdirSync(folder)).not.toContain('wrong.png');
  });
});

describe('exportImage: what the output keeps of the original, and what it says it lost', () => {
  let folder: string;
  let deep: string;
  let deepPixels: Buffer;
  beforeAll(async () => {
    folder = tempDir('export-depth');
    // sharp takes the depth of raw input from its array type: a Uint16Array is 16-bit.
    const samples = Uint16Array.from({ length: 24 * 16 * 3 }, (_, i) => (i * 2654) % 65536);
    deepPixels = Buffer.from(samples.buffer);
    deep = join(folder, 'scan-16bit.png');
    await sharp(samples, { raw: { width: 24, height: 16, channels: 3 } }).toColourspace('rgb16').png().toFile(deep);
  });

  it('keeps all 16 bits of an untouched original as PNG and TIFF', async () => {
    for (const format of ['png', 'tiff'] as const) {
      const written = await exportImage({ original: deep, dest: join(folder, `out.${format}`), format, quality: 92, overwrite: true });
      expect(written.notes, format).toEqual([]);
      // Read back as 16-bit RGB: sharp's raw output is 8-bit sRGB unless told otherwise.
      const { data, info } = await sharp(written.path).toColourspace('rgb16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
      expect((await sharp(written.path).metadata()).depth, format).toBe('ushort');
      expect([info.width, info.height, info.channels]).toEqual([24, 16, 3]);
      expect(data.equals(deepPixels), format).toBe(true);
    }
  });

  it('says when the output has 8 bits: a JPEG, or a version computed in 8 bits', async () => {
    const jpeg = await exportImage({ original: deep, dest: join(folder, 'out.jpg'), format: 'jpeg', quality: 92, overwrite: true });
    expect(jpeg.notes).toEqual(['8-bit output: the original has 16 bits per channel (JPEG holds 8 bits)']);
    const version = await sharp({ create: { width: 24, height: 16, channels: 3, background: '#808080' } }).png().toBuffer();
    const repaired = await exportImage({ original: deep, version, dest: join(folder, 'repaired.png'), format: 'png', quality: 92, overwrite: true });
    expect(repaired.notes).toEqual(['8-bit output: the original has 16 bits per channel (repairs and colorizations are computed in 8 bits)']);
  });

  it('says "first frame only" for an animated original', async () => {
    const frame = (colour: string) => sharp({ create: { width: 16, height: 12, channels: 3, background: colour } }).png().toBuffer();
    const gif = join(folder, 'blink.gif');
    await sharp([await frame('#f00'), await frame('#00f')], { join: { animated: true } }).gif().toFile(gif);
    const written = await exportImage({ original: gif, dest: join(folder, 'blink.png'), format: 'png', quality: 92, overwrite: true });
    expect(written.notes).toEqual([expect.stringMatching(/^first frame only: the original holds 2 frames/)]);
    expect((await sharp(written.path).metadata()).height).toBe(12);
  });
});
