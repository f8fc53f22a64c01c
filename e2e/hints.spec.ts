import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { callServed } from './fixtures/api.js';
import { SAMPLES_DIR, expect, test } from './fixtures/server.js';
import { CLI } from './fixtures/start-serve.js';

/** Mean hue angle (degrees) and chroma of CIE a*b* in a small square around (x, y), via sharp's Lab conversion. */
async function hueAround(png: Buffer, x: number, y: number, half = 3): Promise<{ hue: number; chroma: number }> {
  const { data } = await sharp(png)
    .extract({ left: x - half, top: y - half, width: 2 * half + 1, height: 2 * half + 1 })
    .toColourspace('lab')
    .raw({ depth: 'float' })
    .toBuffer({ resolveWithObject: true });
  const lab = new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4);
  let a = 0;
  let b = 0;
  for (let i = 0; i < lab.length; i += 3) {
    a += lab[i + 1]!;
    b += lab[i + 2]!;
  }
  const n = lab.length / 3;
  return { hue: (Math.atan2(b / n, a / n) * 180) / Math.PI, chroma: Math.hypot(a / n, b / n) };
}

function hueDistance(p: number, q: number): number {
  const d = Math.abs(p - q) % 360;
  return d > 180 ? 360 - d : d;
}

test('drop two colour hints on a grey photo, colorize, accept, find each colour at its hint, save the hints as a preset for batches', async ({ page, served }) => {
  test.setTimeout(180_000);
  const photos = mkdtempSync(join(tmpdir(), 'kintsugi-hints-'));
  const grey = join(photos, 'cow-bw.png');
  await sharp(join(SAMPLES_DIR, 'gcompris-cow.jpg')).greyscale().toColourspace('srgb').png().toFile(grey);
  execFileSync(process.execPath, [CLI, 'import', grey, '--data-dir', served.dataDir]);

  await page.goto(served.openUrl);
  await page.getByTestId('thumb').first().dblclick();
  const stage = page.getByTestId('editor-stage');
  await expect(stage.locator('canvas').first()).toBeVisible();
  await expect(stage).toHaveAttribute('data-image-id', /^\d+$/);
  const imageId = Number(await stage.getAttribute('data-image-id'));

  await page.getByTestId('task-colorize').click();
  await page.getByTestId('colorize-engine').selectOption('hints');
  await expect(page.getByTestId('hint-controls')).toBeVisible();
  await expect(page.getByTestId('colorize-run')).toBeDisabled();

  // Image pixels to page coordinates through the stage's own transform.
  const box = (await stage.boundingBox())!;
  const at = async (x: number, y: number): Promise<[number, number]> => {
    const [zoom, ox, oy] = await Promise.all(['data-zoom', 'data-offset-x', 'data-offset-y'].map(async (a) => Number(await stage.getAttribute(a))));
    return [box.x + ox! + x * zoom!, box.y + oy! + y * zoom!];
  };

  // Sky blue in the sky (top right), foliage green on the grass (bottom).
  const sky = { x: 960, y: 25 };
  const grass = { x: 400, y: 700 };
  await page.getByTestId('hint-swatch-sky').click();
  await page.mouse.click(...(await at(sky.x, sky.y)));
  await page.getByTestId('hint-swatch-foliage').click();
  await page.mouse.click(...(await at(grass.x, grass.y)));
  await expect(stage).toHaveAttribute('data-hint-count', '2');
  // The mask tools got none of those clicks.
  await expect(stage).toHaveAttribute('data-mask-pixels', '0');

  // Undo and redo the last hint with the editor's keys.
  await page.keyboard.press('Control+z');
  await expect(stage).toHaveAttribute('data-hint-count', '1');
  await page.keyboard.press('Control+Shift+z');
  await expect(stage).toHaveAttribute('data-hint-count', '2');

  await page.getByTestId('colorize-run').click();
  await expect(page.getByTestId('pending-result')).toHaveAttribute('data-operation', 'colorize', { timeout: 60_000 });
  await page.getByTestId('result-accept').click();
  await expect.poll(async () => (await callServed(served, 'results.list', { imageId })).filter((r) => r.status === 'accepted').length).toBe(1);
  const [version] = await callServed(served, 'results.list', { imageId });
  expect(version).toMatchObject({ status: 'accepted', operation: 'colorize', engine: 'hints', parentId: null });
  const hints = (version!.params as { hints: { colour: string; points: { x: number; y: number }[] }[] }).hints;
  expect(hints.map((h) => h.colour)).toEqual(['#4a7fd6', '#5c9a2e']);
  // The clicks landed where they were aimed, in image pixels.
  expect(Math.abs(hints[0]!.points[0]!.x - sky.x)).toBeLessThan(3);
  expect(Math.abs(hints[1]!.points[0]!.y - grass.y)).toBeLessThan(3);

  const res = await page.request.get(`${served.url}media/result/${version!.id}`);
  expect(res.status()).toBe(200);
  const result = Buffer.from(await res.body());
  const swatch = async (hex: string) => hueAround(await sharp({ create: { width: 7, height: 7, channels: 3, background: hex } }).png().toBuffer(), 3, 3);
  for (const [point, hex] of [[sky, '#4a7fd6'], [grass, '#5c9a2e']] as const) {
    const got = await hueAround(result, point.x, point.y);
    const want = await swatch(hex);
    expect(hueDistance(got.hue, want.hue), `hue at ${point.x},${point.y}`).toBeLessThan(20);
    expect(got.chroma).toBeGreaterThan(10);
  }

  // Save the hints as a preset: it is listed in the panel and by the API, with the photo's size.
  await page.getByTestId('hint-preset-save').click();
  await page.getByTestId('hint-preset-name').fill('Cow field');
  await page.getByTestId('hint-preset-confirm').click();
  await expect(page.getByTestId('hint-preset').locator('option', { hasText: 'Cow field (2)' })).toHaveCount(1);
  const presets = await callServed(served, 'hints.presets.list', {});
  expect(presets).toEqual([expect.objectContaining({ name: 'Cow field', hintCount: 2, width: 1024, height: 768 })]);

  // Clear, then load the preset back: the same two hints are on the photo again.
  await page.getByTestId('hint-clear').click();
  await expect(stage).toHaveAttribute('data-hint-count', '0');
  await page.getByTestId('hint-preset-load').click();
  await expect(stage).toHaveAttribute('data-hint-count', '2');

  // A new batch with the hints engine offers the preset.
  await page.getByTestId('nav-batch').click();
  await page.getByTestId('batch-new').click();
  await page.getByTestId('batch-colorize-engine').selectOption('hints');
  await expect(page.getByTestId('batch-hints-preset')).toHaveValue(String(presets[0]!.id));
  await expect(page.getByTestId('batch-hints-preset').locator('option', { hasText: 'Cow field' })).toHaveCount(1);
});
