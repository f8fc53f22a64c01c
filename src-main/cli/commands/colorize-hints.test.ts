import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/create-app.js';
import { rgbToLab } from '../../color/lab.js';
import { tempDir } from '../../images/test-images.js';
import type { CliIo } from '../command.js';
import { call } from '../invoke.js';
import { runCli } from '../run-cli.js';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTty: false };
}

/** a*b* at one pixel of an image file. */
async function chromaAt(path: string, x: number, y: number): Promise<{ a: number; b: number }> {
  const { data } = await sharp(path).extract({ left: x, top: y, width: 1, height: 1 }).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const lab = rgbToLab({ width: 1, height: 1, data: new Uint8Array(data) });
  return { a: lab.a[0] as number, b: lab.b[0] as number };
}

describe('kintsugi colorize --hints-preset', () => {
  let root: string;
  let dataDir: string;
  let presetId: number;
  const at = (...parts: string[]) => join(root, ...parts);

  beforeAll(async () => {
    root = tempDir('cli-colorize-hints');
    dataDir = join(root, 'data');
    // A grey picture, left half light and right half dark, 120x80; the preset was drawn on a 60x40 copy.
    const grey = Buffer.alloc(120 * 80);
    for (let y = 0; y < 80; y++) for (let x = 0; x < 120; x++) grey[y * 120 + x] = x < 60 ? 190 : 70;
    await sharp(grey, { raw: { width: 120, height: 80, channels: 1 } }).png().toFile(at('bw.png'));
    const app = await createApp({ dataDir, host: 'cli' });
    try {
      const saved = await call(app, 'hints.presets.save', {
        name: 'Two halves',
        width: 60,
        height: 40,
        hints: [
          { points: [{ x: 10, y: 20 }], radius: 2, colour: '#d04030' },
          { points: [{ x: 50, y: 20 }], radius: 2, colour: '#3050d0' },
        ],
      });
      presetId = saved.id;
    } finally {
      await app.close();
    }
  });

  it('colorizes a file with a preset scaled to its size', async () => {
    const io = capture();
    expect(await runCli(['colorize', '--data-dir', dataDir, '--image', at('bw.png'), '--out', at('out.png'), '--hints-preset', String(presetId)], io)).toBe(0);
    expect(io.stdout[0]).toMatch(/^Wrote .*out\.png/);
    const left = await chromaAt(at('out.png'), 10, 70);
    const right = await chromaAt(at('out.png'), 110, 5);
    // Red-ish on the left half (a* > 0), blue on the right (b* < 0), each spread to the far corner of its half.
    expect(left.a).toBeGreaterThan(15);
    expect(right.b).toBeLessThan(-15);
  });

  it('colorizes a folder as a batch with the preset placed on each photo by its own size', async () => {
    const input = at('scans');
    mkdirSync(input);
    await sharp(at('bw.png')).toFile(join(input, 'big.png'));
    await sharp(at('bw.png')).resize(60, 40).jpeg({ quality: 95 }).toFile(join(input, 'small.jpg'));
    const io = capture();
    expect(await runCli(['colorize', '--data-dir', dataDir, '--in', input, '--out', at('colour'), '--hints-preset', String(presetId)], io)).toBe(0);
    expect(io.stdout.at(-1)).toBe('Colorized 2, skipped 0, failed 0');
    for (const [file, [w, h]] of [['big.png', [120, 80]], ['small.jpg', [60, 40]]] as const) {
      const out = at('colour', file);
      expect((await chromaAt(out, Math.round(w * 0.1), Math.round(h * 0.9))).a, file).toBeGreaterThan(15);
      expect((await chromaAt(out, Math.round(w * 0.9), Math.round(h * 0.1))).b, file).toBeLessThan(-15);
    }
  });

  it('refuses --hints-preset with another engine (exit 2) and an unknown preset (E_NOT_FOUND, exit 1)', async () => {
    const both = capture();
    expect(await runCli(['colorize', '--image', at('bw.png'), '--out', at('x.png'), '--hints-preset', '1', '--model', '1'], both)).toBe(2);
    const unknown = capture();
    expect(await runCli(['colorize', '--data-dir', dataDir, '--image', at('bw.png'), '--out', at('y.png'), '--hints-preset', '99'], unknown)).toBe(1);
    expect(unknown.stderr[0]).toContain('E_NOT_FOUND');
  });
});
