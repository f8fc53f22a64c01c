import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app/create-app.js';
import { rgbToLab } from '../../color/lab.js';
import { writeLinearAbModel } from '../../engines/colorize/test-models.js';
import type { RgbImage } from '../../engines/inpaint/engine.js';
import { tempDir } from '../../images/test-images.js';
import type { CliIo } from '../command.js';
import { runCli } from '../run-cli.js';

function capture(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => stdout.push(l), err: (l) => stderr.push(l), isTty: false };
}

async function pixels(path: string): Promise<RgbImage> {
  const { data, info } = await sharp(path).rotate().toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

function lightnessMismatch(x: RgbImage, y: RgbImage): number {
  const p = rgbToLab(x).L;
  const q = rgbToLab(y).L;
  let bad = 0;
  for (let i = 0; i < p.length; i++) if (Math.abs((p[i] as number) - (q[i] as number)) > 1) bad++;
  return bad / p.length;
}

function meanAbsAb(image: RgbImage): number {
  const lab = rgbToLab(image);
  let sum = 0;
  for (let i = 0; i < lab.a.length; i++) sum += Math.hypot(lab.a[i] as number, lab.b[i] as number);
  return sum / lab.a.length;
}

describe('kintsugi colorize', () => {
  let root: string;
  let dataDir: string;
  let modelId: number;
  const at = (...parts: string[]) => join(root, ...parts);

  beforeAll(async () => {
    root = tempDir('cli-colorize');
    dataDir = join(root, 'data');
    // A one-channel grey scan (noise), stored 96x64 with EXIF "rotate 90°": shown 64x96.
    const noise = sharp({ create: { width: 96, height: 64, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 120, sigma: 35 } } });
    const grey = await noise.greyscale().raw().toBuffer();
    await sharp(grey, { raw: { width: 96, height: 64, channels: 1 } })
      .png()
      .withExif({ IFD0: { Make: 'Old Scanner' } })
      .withMetadata({ orientation: 6 })
      .toFile(at('bw.png'));
    await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c04020' } }).png().toFile(at('red.png'));
    const app = await createApp({ dataDir, host: 'cli' });
    try {
      await app.runtime.report();
      const folder = await writeLinearAbModel(at('model'), 16, { a: -20, b: 30 }, 'Green-yellow');
      modelId = (await app.models.register(folder, { source: 'imported', runId: null, move: false })).id;
    } finally {
      await app.close();
    }
  });

  it('colorizes from a reference photo, upright, keeping luminance and EXIF, in the format the extension names', async () => {
    const io = capture();
    const out = at('from-reference.png');
    expect(await runCli(['colorize', '--data-dir', dataDir, '--image', at('bw.png'), '--out', out, '--reference', at('red.png')], io)).toBe(0);
    expect(io.stdout[0]).toMatch(/^Wrote .*from-reference\.png/);
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 64, 96]);
    expect(meta.exif?.toString('latin1')).toContain('Old Scanner');
    const result = await pixels(out);
    expect(lightnessMismatch(result, await pixels(at('bw.png')))).toBeLessThan(0.01);
    expect(meanAbsAb(result)).toBeGreaterThan(10);
  });

  it('colorizes with a model by id, in the format --format names', async () => {
    const io = capture();
    const out = at('from-model.out');
    const args = ['colorize', '--data-dir', dataDir, '--image', at('bw.png'), '--out', out, '--model', String(modelId), '--format', 'webp', '--quality', '95'];
    expect(await runCli(args, io)).toBe(0);
    expect((await sharp(out).metadata()).format).toBe('webp');
    const lab = rgbToLab(await pixels(out));
    const sortedA = Float32Array.from(lab.a).sort();
    expect(sortedA[Math.floor(sortedA.length / 2)]).toBeLessThan(-12);
  });

  it('uses the default colorize model when no engine is named', async () => {
    const io = capture();
    expect(await runCli(['colorize', '--data-dir', dataDir, '--image', at('bw.png'), '--out', at('default.tif')], io)).toBe(0);
    expect((await sharp(at('default.tif')).metadata()).format).toBe('tiff');
  });

  it('refuses wrong usage with exit code 2, and bad requests with a typed error and exit code 1', async () => {
    const both = capture();
    expect(await runCli(['colorize', '--image', at('bw.png'), '--out', at('x.png'), '--model', '1', '--reference', at('red.png')], both)).toBe(2);
    expect(both.stderr[0]).toContain('give one of --model, --reference or --hints-preset');

    const same = capture();
    expect(await runCli(['colorize', '--data-dir', dataDir, '--image', at('bw.png'), '--out', at('bw.png'), '--reference', at('red.png')], same)).toBe(1);
    expect(same.stderr[0]).toContain('E_INVALID_ARGUMENT');

    const noModel = capture();
    expect(await runCli(['colorize', '--data-dir', join(root, 'empty-data'), '--image', at('bw.png'), '--out', at('y.png')], noModel)).toBe(1);
    expect(noModel.stderr[0]).toMatch(/E_NOT_FOUND: No colorize model/);

    const unknown = capture();
    expect(await runCli(['colorize', '--data-dir', dataDir, '--image', at('bw.png'), '--out', at('z.png'), '--model', '999'], unknown)).toBe(1);
    expect(unknown.stderr[0]).toContain('E_NOT_FOUND');

    const format = capture();
    expect(await runCli(['colorize', '--data-dir', dataDir, '--image', at('bw.png'), '--out', at('z.gif'), '--model', String(modelId)], format)).toBe(1);
    expect(format.stderr[0]).toContain('name it .png');
  });
});
