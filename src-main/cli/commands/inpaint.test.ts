import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../images/test-images.js';
import { makeReadOnly } from '../../jobs/batch/batch-test-fixtures.js';
import type { CliIo } from '../command.js';
import { runCli } from '../run-cli.js';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTty: false };
}

const noise = { type: 'gaussian', mean: 128, sigma: 40 } as const;

/** A 48×32 noisy photo, its white-on-black mask and its green-painted copy (hole: x 16–31, y 8–19). */
async function makeSet(folder: string, name: string, ext: 'png' | 'jpg'): Promise<void> {
  const photo = sharp({ create: { width: 48, height: 32, channels: 3, background: '#000', noise } });
  const pixels = await photo.raw().toBuffer();
  const path = join(folder, 'images', `${name}.${ext}`);
  const raw = () => sharp(pixels, { raw: { width: 48, height: 32, channels: 3 } });
  await (ext === 'png' ? raw().png() : raw().jpeg({ quality: 95 })).withExif({ IFD0: { Make: 'CLI Camera' } }).toFile(path);
  const hole = { input: { create: { width: 16, height: 12, channels: 3 as const, background: '#fff' } }, left: 16, top: 8 };
  await sharp({ create: { width: 48, height: 32, channels: 3, background: '#000' } }).composite([hole]).png().toFile(join(folder, 'masks', `${name}.png`));
  const green = { ...hole, input: { create: { ...hole.input.create, background: '#00ff00' } } };
  await raw().composite([green]).png().toFile(join(folder, 'greens', `${name}.png`));
}

describe('kintsugi inpaint', () => {
  let root: string;
  const at = (...parts: string[]) => join(root, ...parts);

  beforeAll(async () => {
    root = tempDir('cli-inpaint');
    for (const sub of ['images', 'masks', 'greens']) mkdirSync(at(sub));
    await makeSet(root, 'alpha', 'png');
    await makeSet(root, 'beta', 'jpg');
    writeFileSync(at('images', 'broken.png'), 'not a picture');
    writeFileSync(at('masks', 'broken.png'), 'not a mask either');
  });

  it('repairs one file with a mask, keeping unmasked pixels and EXIF, in the format its extension names', async () => {
    const io = capture();
    const out = at('alpha-fixed.png');
    expect(await runCli(['inpaint', '--image', at('images', 'alpha.png'), '--mask', at('masks', 'alpha.png'), '--out', out, '--engine', 'diffusion'], io)).toBe(0);
    expect(io.stdout[0]).toMatch(/^Wrote .*alpha-fixed\.png/);
    const [before, after] = await Promise.all([sharp(at('images', 'alpha.png')).raw().toBuffer(), sharp(out).raw().toBuffer()]);
    let outside = 0;
    let inside = 0;
    for (let p = 0; p < 48 * 32; p++) {
      const x = p % 48;
      const y = Math.floor(p / 48);
      const differs = [0, 1, 2].some((k) => before[p * 3 + k] !== after[p * 3 + k]);
      if (x >= 16 && x < 32 && y >= 8 && y < 20) inside += differs ? 1 : 0;
      else outside += differs ? 1 : 0;
    }
    expect(outside).toBe(0);
    expect(inside).toBeGreaterThan(100);
    expect((await sharp(out).metadata()).exif?.toString('latin1')).toContain('CLI Camera');
  });

  it('repairs one file from a green copy and writes JPEG for a .jpg name', async () => {
    const io = capture();
    const out = at('beta-fixed.jpg');
    const args = ['inpaint', '--image', at('images', 'beta.jpg'), '--green', at('greens', 'beta.png'), '--tolerance', '10', '--out', out, '--seed', '3'];
    expect(await runCli(args, io)).toBe(0);
    expect(await sharp(out).metadata()).toMatchObject({ format: 'jpeg', width: 48, height: 32 });
  });

  it('works through a folder, listing the broken file and going on, and exits 1', async () => {
    const io = capture();
    const out = at('fixed');
    const code = await runCli(['inpaint', '--image', at('images'), '--mask', at('masks'), '--out', out, '--engine', 'diffusion', '--data-dir', at('data')], io);
    expect(code).toBe(1);
    expect(io.stdout).toContain('Inpainted 2, skipped 0, failed 1');
    expect(io.stderr.join('\n')).toMatch(/broken\.png: E_BAD_IMAGE/);
    expect(readdirSync(out).sort()).toEqual(['alpha.png', 'beta.jpg']);
  });

  it('matches green copies by name in folder mode too, and lists the broken image', async () => {
    const io = capture();
    const args = ['inpaint', '--image', at('images'), '--green', at('greens'), '--out', at('fixed-green'), '--engine', 'diffusion', '--data-dir', at('data')];
    const code = await runCli(args, io);
    expect(code).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/broken\.png: E_BAD_IMAGE/);
    expect(readdirSync(at('fixed-green')).sort()).toEqual(['alpha.png', 'beta.jpg']);
  });

  it('refuses to replace an existing output unless --overwrite, and an unwritable folder before any work', async () => {
    const args = (out: string, ...extra: string[]) => ['inpaint', '--image', at('images', 'alpha.png'), '--mask', at('masks', 'alpha.png'), '--out', out, ...extra];
    const out = at('once.png');
    expect(await runCli(args(out), capture())).toBe(0);
    const first = readFileSync(out);
    const again = capture();
    expect(await runCli(args(out, '--seed', '7'), again)).toBe(1);
    expect(again.stderr[0]).toMatch(/E_INVALID_ARGUMENT: .*once\.png already exists: pass --overwrite to replace it/);
    expect(readFileSync(out).equals(first)).toBe(true);
    expect(await runCli(args(out, '--seed', '7', '--overwrite'), capture())).toBe(0);

    // The folder is checked first: the broken mask is never read.
    const locked = tempDir('cli-inpaint-locked');
    const restore = makeReadOnly(locked);
    try {
      const io = capture();
      expect(await runCli(['inpaint', '--image', at('images', 'alpha.png'), '--mask', at('masks', 'broken.png'), '--out', join(locked, 'x.png')], io)).toBe(1);
      expect(io.stderr[0]).toMatch(/Cannot export to .*x\.png: (no permission to write|the disk is read-only)/);
    } finally {
      restore();
    }
    const folderMode = capture();
    expect(await runCli(['inpaint', '--image', at('images'), '--mask', at('masks'), '--out', at('fixed-any'), '--overwrite'], folderMode)).toBe(1);
    expect(folderMode.stderr[0]).toContain('--overwrite applies to one file');
  });

  it('refuses bad usage, an unknown engine, a wrong-size mask and writing over the input', async () => {
    const usage = capture();
    expect(await runCli(['inpaint', '--image', at('images', 'alpha.png'), '--out', at('x.png')], usage)).toBe(2);
    expect(usage.stderr[0]).toContain('--mask or --green');
    const engine = capture();
    expect(await runCli(['inpaint', '--image', at('images', 'alpha.png'), '--mask', at('masks', 'alpha.png'), '--out', at('x.png'), '--engine', 'magic'], engine)).toBe(1);
    expect(engine.stderr[0]).toMatch(/E_NOT_FOUND.*patchmatch, diffusion/);
    await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } }).png().toFile(at('small-mask.png'));
    const size = capture();
    expect(await runCli(['inpaint', '--image', at('images', 'alpha.png'), '--mask', at('small-mask.png'), '--out', at('x.png')], size)).toBe(1);
    expect(size.stderr[0]).toContain('mask is 10×10 but the image is 48×32');
    const overwrite = capture();
    expect(await runCli(['inpaint', '--image', at('images', 'alpha.png'), '--mask', at('masks', 'alpha.png'), '--out', at('images', 'alpha.png')], overwrite)).toBe(1);
    expect(overwrite.stderr[0]).toContain('originals are never overwritten');
    const sameFolder = capture();
    expect(await runCli(['inpaint', '--image', at('images'), '--mask', at('masks'), '--out', at('images'), '--data-dir', at('data')], sameFolder)).toBe(1);
    expect(sameFolder.stderr[0]).toContain('must not be the input folder');
    const singleWithFolderOption = capture();
    expect(await runCli(['inpaint', '--image', at('images', 'alpha.png'), '--mask', at('masks', 'alpha.png'), '--out', at('x.png'), '--recursive'], singleWithFolderOption)).toBe(2);
    expect(singleWithFolderOption.stderr[0]).toContain('--recursive applies to folder mode only');
    expect(readdirSync(root)).not.toContain('x.png');
  });
});
