import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { callServed } from './fixtures/api.js';
import { expect, test } from './fixtures/server.js';
import { CLI, ROOT } from './fixtures/start-serve.js';

test('generate from a GAN model: samples, an interpolation between two picks, two picks saved to the library', async ({ page, served }) => {
  test.setTimeout(180_000);
  // A tiny (untrained) DCGAN generator, added the way a user adds a model file: kintsugi models import.
  const scratch = mkdtempSync(join(tmpdir(), 'kintsugi-e2e-gan-'));
  try {
    const archive = join(scratch, 'tiny-gan.kintsugi-model');
    execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'e2e', 'write-tiny-gan-model.ts'), archive], { cwd: ROOT });
    execFileSync(process.execPath, [CLI, 'models', 'import', archive, '--data-dir', served.dataDir]);
    const [gan] = await callServed(served, 'models.list', { kind: 'gan' });
    expect(gan).toMatchObject({ kind: 'gan', name: 'Tiny GAN', inputSize: 64 });

    // Reached from the model's card in the Models view.
    await page.goto(served.openUrl);
    await page.getByTestId('nav-models').click();
    await page.locator(`[data-testid="model-row"][data-model-id="${gan!.id}"]`).getByTestId('model-generate').click();
    await expect(page.getByTestId('view-generate')).toBeVisible();
    await expect(page.getByTestId('generate-model')).toHaveValue(String(gan!.id));

    // A seed from the dice, then a fixed one, and four samples, generated from the keyboard.
    const seed = page.getByTestId('generate-seed');
    const rolled = await seed.inputValue();
    await page.getByTestId('generate-dice').click();
    await expect(seed).not.toHaveValue(rolled);
    await page.getByTestId('generate-count').fill('4');
    await seed.fill('1234');
    await seed.press('Enter');
    const samples = page.getByTestId('generate-sample');
    await expect(samples).toHaveCount(4, { timeout: 60_000 });
    // Every sample shows its picture: the media the server hands out is a 64 × 64 PNG.
    const firstId = await samples.first().getAttribute('data-id');
    const media = await page.request.get(`${served.url}media/generated/${firstId}`);
    expect(media.status()).toBe(200);
    expect(await sharp(await media.body()).metadata()).toMatchObject({ format: 'png', width: 64, height: 64 });
    await expect.poll(() => samples.first().locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);

    // Pick two (Space on a focused tile picks it too), interpolate between them.
    await expect(page.getByTestId('generate-interpolate')).toBeDisabled();
    await samples.nth(0).click();
    await samples.nth(3).focus();
    await page.keyboard.press('Space');
    await expect(samples.nth(3)).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('generate-picked-count')).toHaveText('2 picked');
    await page.getByTestId('generate-frames').fill('5');
    await page.getByTestId('generate-interpolate').click();
    const frames = page.getByTestId('generate-frame');
    await expect(frames).toHaveCount(5, { timeout: 60_000 });
    // The strip starts and ends on the two picks: the same pixels.
    const pixels = async (id: string | null) => sharp(await (await page.request.get(`${served.url}media/generated/${id}`)).body()).raw().toBuffer();
    expect((await pixels(await frames.first().getAttribute('data-id'))).equals(await pixels(firstId))).toBe(true);
    expect((await pixels(await frames.last().getAttribute('data-id'))).equals(await pixels(await samples.nth(3).getAttribute('data-id')))).toBe(true);

    // Save two picks: a sample and the middle frame.
    await samples.nth(3).click();
    await frames.nth(2).click();
    await expect(page.getByTestId('generate-picked-count')).toHaveText('2 picked');
    await page.getByTestId('generate-save').click();
    await expect(page.getByTestId('toast').filter({ hasText: 'Saved 2 images to the library' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('generate-picked-count')).toHaveText('0 picked');

    // They are in the Library.
    await page.getByTestId('nav-library').click();
    const thumbs = page.getByTestId('thumb');
    await expect(thumbs).toHaveCount(2);
    await expect(thumbs.filter({ hasText: 'generated-seed1234-00.png' })).toHaveCount(1);
    await expect(thumbs.filter({ hasText: /generated-seed1234\.0-to-seed1234\.3-frame02\.png/ })).toHaveCount(1);
    const { items } = await callServed(served, 'library.list', {});
    expect(items.map((i) => [i.width, i.height, i.format])).toEqual([
      [64, 64, 'png'],
      [64, 64, 'png'],
    ]);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
