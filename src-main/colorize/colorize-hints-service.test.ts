import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelName, ColourHint, RequestOf, ResponseOf } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { createApp, type App } from '../app/create-app.js';
import { OpenFileAccess } from '../app/open-file-access.js';
import { PROJECT_ROOT } from '../app/paths.js';
import { rgbToLab } from '../color/lab.js';
import { hintChroma } from '../engines/colorize/hint-raster.js';
import type { RgbImage } from '../engines/inpaint/engine.js';
import { tempDir } from '../images/test-images.js';
import type { CallContext } from '../router/types.js';

const SAMPLES = join(PROJECT_ROOT, 'resources', 'samples');

async function pixels(input: string): Promise<RgbImage> {
  const { data, info } = await sharp(input).rotate().toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

/** Mean a*b* of a square of the image around (x, y). */
function chromaAround(image: RgbImage, x: number, y: number, half = 3): { a: number; b: number } {
  const lab = rgbToLab(image);
  let a = 0;
  let b = 0;
  let n = 0;
  for (let j = y - half; j <= y + half; j++) {
    for (let i = x - half; i <= x + half; i++) {
      a += lab.a[j * image.width + i] as number;
      b += lab.b[j * image.width + i] as number;
      n++;
    }
  }
  return { a: a / n, b: b / n };
}

/** Angle between the hue of the image around (x, y) and the hint colour's, in degrees; and the chroma there. */
function hueOff(image: RgbImage, x: number, y: number, colour: string): { degrees: number; chroma: number } {
  const got = chromaAround(image, x, y);
  const want = hintChroma([{ points: [{ x: 0, y: 0 }], radius: 1, colour }]);
  const diff = Math.atan2(got.b, got.a) - Math.atan2(want.b[0] as number, want.a[0] as number);
  const degrees = Math.abs((Math.atan2(Math.sin(diff), Math.cos(diff)) * 180) / Math.PI);
  return { degrees, chroma: Math.hypot(got.a, got.b) };
}

function lightnessMismatch(x: RgbImage, y: RgbImage): number {
  const p = rgbToLab(x).L;
  const q = rgbToLab(y).L;
  let bad = 0;
  for (let i = 0; i < p.length; i++) if (Math.abs((p[i] as number) - (q[i] as number)) > 1) bad++;
  return bad / p.length;
}

const SKY = '#4a7fd6';
const GRASS = '#5c9a2e';
/** On the black-and-white cow photo (1024x768): a dot in the sky (top right), a scribble across the grass (bottom). */
const HINTS: ColourHint[] = [
  { points: [{ x: 900, y: 18 }], radius: 10, colour: SKY },
  { points: [{ x: 200, y: 720 }, { x: 400, y: 730 }, { x: 600, y: 715 }], radius: 8, colour: GRASS },
];

describe('colorization with colour hints through the app (real worker, real SQLite, real sharp)', () => {
  let app: App;
  let dataDir: string;
  let bwPath: string;
  const ctx: CallContext = { emit: () => {}, files: new OpenFileAccess() };

  async function call<C extends ChannelName>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>> {
    const result = await app.router.invoke(channel, request, ctx);
    if (!result.ok) throw KintsugiError.fromData(result.error);
    return result.value as ResponseOf<C>;
  }

  beforeAll(async () => {
    dataDir = tempDir('colorize-hints');
    bwPath = join(tempDir('colorize-hints-photos'), 'cow-bw.png');
    await sharp(join(SAMPLES, 'gcompris-cow.jpg')).greyscale().toColourspace('srgb').png().toFile(bwPath);
    app = await createApp({ dataDir, host: 'cli' });
  });

  afterAll(() => app.close());

  it('lists the hints engine among the embedded ones', async () => {
    const engines = await call('colorize.engines', {});
    expect(engines.map((e) => [e.id, e.kind])).toEqual([
      ['reference', 'embedded'],
      ['hints', 'embedded'],
    ]);
  });

  it('colours the hinted regions of a real photo with the hints, keeps its lightness, and records the hints', async () => {
    const imageId = (await call('library.import', { paths: [bwPath] })).imported[0]!.id;
    const result = await call('colorize.run', { jobId: 'hints-job-1', imageId, engine: 'hints', hints: HINTS });
    expect(result).toMatchObject({ operation: 'colorize', engine: 'hints', params: { hints: HINTS }, status: 'pending', width: 1024, height: 768 });
    const out = await pixels(join(dataDir, 'results', `${result.id}.png`));
    const grey = await pixels(bwPath);
    expect(lightnessMismatch(out, grey)).toBeLessThan(0.01);
    // At the hints, and spread away from them within the same region.
    for (const [x, y, colour] of [[900, 18, SKY], [1000, 5, SKY], [980, 40, SKY], [400, 730, GRASS], [500, 650, GRASS], [150, 740, GRASS]] as const) {
      const { degrees, chroma } = hueOff(out, x, y, colour);
      expect(degrees, `hue at ${x},${y}`).toBeLessThan(20);
      expect(chroma, `chroma at ${x},${y}`).toBeGreaterThan(8);
    }
  });

  it('refuses a hints run without hints, with a hint outside the photo, and hints for another engine', async () => {
    const imageId = (await call('library.list', {})).items[0]!.id;
    await expect(call('colorize.run', { jobId: 'hints-none', imageId, engine: 'hints' })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(call('colorize.run', { jobId: 'hints-empty', imageId, engine: 'hints', hints: [] })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    await expect(
      call('colorize.run', { jobId: 'hints-outside', imageId, engine: 'hints', hints: [{ points: [{ x: 1500, y: 20 }], radius: 5, colour: SKY }] }),
    ).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT', message: expect.stringContaining('outside the 1024x768 photo') });
    await expect(call('colorize.run', { jobId: 'hints-ref', imageId, engine: 'reference', referenceImageIds: [imageId], hints: HINTS })).rejects.toMatchObject({
      code: 'E_INVALID_ARGUMENT',
    });
    expect((await call('results.list', { imageId })).filter((r) => r.engine === 'hints')).toHaveLength(1);
  });

  it('saves presets, lists, reads back, replaces by name and removes them over the channels', async () => {
    await expect(call('hints.presets.save', { name: 'empty', width: 10, height: 10, hints: [] })).rejects.toMatchObject({ code: 'E_INVALID_ARGUMENT' });
    const saved = await call('hints.presets.save', { name: ' Cow field ', width: 1024, height: 768, hints: HINTS });
    expect(saved).toMatchObject({ name: 'Cow field', hintCount: 2, width: 1024, height: 768 });
    expect(await call('hints.presets.get', { id: saved.id })).toMatchObject({ name: 'Cow field', hints: HINTS });
    const again = await call('hints.presets.save', { name: 'cow field', width: 512, height: 384, hints: [HINTS[0]!] });
    expect(again.id).toBe(saved.id);
    expect((await call('hints.presets.list', {})).map((p) => [p.name, p.hintCount])).toEqual([['cow field', 1]]);
    expect(await call('hints.presets.remove', { id: saved.id })).toEqual({ removed: true });
    await expect(call('hints.presets.get', { id: saved.id })).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });

  it('colorizes a file of another size with a preset, placing the hints at the same relative spots', async () => {
    const preset = await call('hints.presets.save', { name: 'Cow field', width: 1024, height: 768, hints: HINTS });
    const folder = tempDir('colorize-hints-file');
    const small = join(folder, 'cow-small.png');
    await sharp(bwPath).resize(512, 384).png().toFile(small);
    const written = await app.colorize.colorizeFile({ image: small, out: join(folder, 'out.png'), quality: 90, engine: 'hints', references: [], hintsPresetId: preset.id, overwrite: false });
    const out = await pixels(written.path);
    expect([out.width, out.height]).toEqual([512, 384]);
    expect(hueOff(out, 450, 9, SKY).degrees).toBeLessThan(20);
    expect(hueOff(out, 200, 365, GRASS).degrees).toBeLessThan(20);
    await expect(
      app.colorize.colorizeFile({ image: small, out: join(folder, 'x.png'), quality: 90, engine: 'hints', references: [], hintsPresetId: 999, overwrite: false }),
    ).rejects.toMatchObject({ code: 'E_NOT_FOUND' });
  });
});
