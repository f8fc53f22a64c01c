import { spawn } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, truncatedJpeg } from '../images/test-images.js';
import { allFiles, writeMask } from '../jobs/batch/batch-test-fixtures.js';
import type { CliIo } from './command.js';
import { runCli } from './run-cli.js';

const BIN = fileURLToPath(new URL('../../bin/kintsugi.mjs', import.meta.url));
/** A colour photo of the repository's samples (resources/samples/SOURCES.md). */
const SAMPLE = fileURLToPath(new URL('../../resources/samples/gcompris-bee.jpg', import.meta.url));

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTty: false };
}

/** Good inputs (relative paths): nested folders, several formats, a unicode name. */
const GOOD = ['a.png', 'b.jpg', 'c.webp', 'd.png', 'photo ü 日本.png', 'y1950/e.png', 'y1950/f.jpg', 'y1950/g.png', 'y1950/deep/h.png', 'y1950/deep/i.tif'];
const BROKEN = { 'broken.jpg': 'E_BAD_IMAGE', 'y1950/empty.png': 'E_BAD_IMAGE' };

let root: string;
const at = (...parts: string[]) => join(root, ...parts);

beforeAll(async () => {
  root = tempDir('cli-batch');
  for (const rel of GOOD) {
    const path = at('images', rel);
    mkdirSync(join(path, '..'), { recursive: true });
    const noise = sharp({ create: { width: 120, height: 90, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 40 } } });
    await noise.toFormat(rel.endsWith('.jpg') ? 'jpeg' : rel.endsWith('.webp') ? 'webp' : rel.endsWith('.tif') ? 'tiff' : 'png').toFile(path);
    await writeMask(at('masks', rel.replace(/\.[^.]+$/, '.png')), 120, 90);
  }
  writeFileSync(at('images', 'broken.jpg'), await truncatedJpeg());
  writeFileSync(at('images', 'y1950', 'empty.png'), '');
});

function batchArgs(out: string, ...extra: string[]): string[] {
  return ['inpaint', '--image', at('images'), '--mask', at('masks'), '--out', out, '--recursive', '--engine', 'patchmatch', '--data-dir', at('data'), ...extra];
}

/** The CLI in its own process, as a user runs it; resolves once `until` holds, then kills it with SIGKILL. */
async function killWhen(args: string[], until: () => boolean): Promise<void> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  while (!until()) {
    if (exitCode !== undefined) throw new Error(`the CLI ended (${exitCode}) before it could be killed:\n${output}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await exited;
}

const visible = (folder: string) => allFiles(folder).filter((f) => !f.split('/').pop()!.startsWith('.'));

describe('kintsugi inpaint, folder mode: a resumable batch', () => {
  it('continues after the process was killed mid-batch: one output per good input, none redone, the broken ones listed', async () => {
    const out = at('out-killed');
    mkdirSync(out);
    await killWhen(batchArgs(out), () => visible(out).length >= 3);
    const before = new Map(visible(out).map((f) => [f, statSync(join(out, f)).ino]));
    expect(before.size).toBeGreaterThanOrEqual(3);
    expect(before.size).toBeLessThan(GOOD.length);

    const io = capture();
    expect(await runCli(batchArgs(out), io)).toBe(1);
    const [, done] = /continuing \((\d+) done/.exec(io.stdout[0] ?? '') ?? [];
    expect(Number(done)).toBeGreaterThanOrEqual(before.size);
    expect(io.stdout.at(-1)).toBe(`Inpainted ${GOOD.length}, skipped 0, failed 2`);
    // Exactly one output per good input, no temp file left, and the files finished before the kill were not redone.
    expect(allFiles(out)).toEqual([...GOOD].sort());
    for (const [file, ino] of before) expect(statSync(join(out, file)).ino, file).toBe(ino);
    const errors = io.stderr.join('\n');
    for (const [rel, code] of Object.entries(BROKEN)) expect(errors).toContain(`! ${rel}: ${code}`);

    // Once more: nothing left to do but retry the broken files, which fail again.
    const again = capture();
    expect(await runCli(batchArgs(out), again)).toBe(1);
    expect(again.stdout[0]).toMatch(new RegExp(`continuing \\(${GOOD.length} done, 0 skipped before; 2 to do\\)`));
    expect(again.stdout.filter((l) => l.startsWith('  +'))).toEqual([]);
  });

  it('writes a chosen format and name pattern, and leaves existing outputs with --skip-existing', async () => {
    const out = at('out-jpg');
    mkdirSync(join(out, 'y1950'), { recursive: true });
    writeFileSync(join(out, 'y1950', 'e_fixed.jpg'), 'mine');
    const io = capture();
    const args = batchArgs(out, '--format', 'jpg', '--quality', '80', '--name-pattern', '{name}_fixed', '--skip-existing', '--engine', 'diffusion');
    expect(await runCli(args, io)).toBe(1);
    expect(io.stdout).toContain(`  ~ y1950/e.png: skipped (e_fixed.jpg exists already and was left as it is)`);
    expect(io.stdout.at(-1)).toBe(`Inpainted ${GOOD.length - 1}, skipped 1, failed 2`);
    expect(visible(out)).toEqual(GOOD.map((rel) => rel.replace(/\.[^.]+$/, '_fixed.jpg')).sort());
    expect((await sharp(join(out, 'y1950/deep/i_fixed.jpg')).metadata()).format).toBe('jpeg');
  });

  it('reports an image without a mask, and refuses a bad name pattern before anything runs', async () => {
    const masks = at('few-masks');
    await writeMask(join(masks, 'a.png'), 120, 90);
    const io = capture();
    const args = ['inpaint', '--image', at('images'), '--mask', masks, '--out', at('out-few'), '--engine', 'diffusion', '--data-dir', at('data')];
    expect(await runCli(args, io)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(/! b\.jpg: E_NOT_FOUND No mask named b\.\*/);
    const bad = capture();
    expect(await runCli([...args, '--name-pattern', 'same-name'], bad)).toBe(1);
    expect(bad.stderr[0]).toMatch(/E_INVALID_ARGUMENT.*\{name\} or \{index\}/);
  });

  it('colorizes a folder with --in as a resumable batch, from reference photos', async () => {
    const input = at('grey');
    for (const rel of ['one.jpg', 'sub/two.png', 'sub/deeper/three.tif']) {
      mkdirSync(join(input, rel, '..'), { recursive: true });
      await sharp(at('images', 'a.png')).greyscale().toFile(join(input, rel));
    }
    writeFileSync(join(input, 'sub', 'broken.jpg'), await truncatedJpeg());
    const out = at('colour');
    const args = ['colorize', '--in', input, '--out', out, '--recursive', '--reference', SAMPLE, '--format', 'jpg', '--skip-existing', '--data-dir', at('data')];
    const io = capture();
    expect(await runCli(args, io)).toBe(1);
    expect(io.stdout.at(-1)).toBe('Colorized 3, skipped 0, failed 1');
    expect(io.stderr.join('\n')).toContain('! sub/broken.jpg: E_BAD_IMAGE');
    expect(visible(out)).toEqual(['one.jpg', 'sub/deeper/three.jpg', 'sub/two.jpg']);
    const again = capture();
    expect(await runCli(args, again)).toBe(1);
    expect(again.stdout[0]).toMatch(/continuing \(3 done, 0 skipped before; 1 to do\)/);

    const wrong = capture();
    expect(await runCli([...args, '--already-colour', 'maybe'], wrong)).toBe(1);
    expect(wrong.stderr[0]).toContain('--already-colour must be skip or luminance');
    const noEngine = capture();
    expect(await runCli(['colorize', '--in', input, '--out', out, '--data-dir', at('data')], noEngine)).toBe(1);
    expect(noEngine.stderr[0]).toMatch(/E_NOT_FOUND: No colorize model/);
    const singleWithFolderOption = capture();
    expect(await runCli(['colorize', '--image', join(input, 'one.jpg'), '--out', at('x.png'), '--recursive'], singleWithFolderOption)).toBe(2);
  });

  it('says per file what a done output lost: a 16-bit photo repaired into 8 bits', async () => {
    const input = at('deep-in');
    mkdirSync(input, { recursive: true });
    // sharp takes the depth of raw input from its array type: a Uint16Array is 16-bit.
    const raw = Uint16Array.from({ length: 64 * 48 * 3 }, (_, i) => (i * 977) % 65536);
    await sharp(raw, { raw: { width: 64, height: 48, channels: 3 } }).toColourspace('rgb16').png().toFile(join(input, 'deep.png'));
    expect((await sharp(join(input, 'deep.png')).metadata()).depth).toBe('ushort');
    await writeMask(at('deep-masks', 'deep.png'), 64, 48);
    const io = capture();
    const args = ['inpaint', '--image', input, '--mask', at('deep-masks'), '--out', at('deep-out'), '--engine', 'diffusion', '--data-dir', at('data')];
    expect(await runCli(args, io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/\+ deep\.png -> .*deep\.png \(8-bit output: the original has 16 bits per channel/);
  });
});
