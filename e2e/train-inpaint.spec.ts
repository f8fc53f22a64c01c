import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { callServed } from './fixtures/api.js';
import { SAMPLES_DIR, expect, test } from './fixtures/server.js';
import { CLI } from './fixtures/start-serve.js';

async function rgb(input: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(input).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

test('train a tiny inpainter from the Train view, stop it, pick it in the Editor, inpaint a stroke with it', async ({ page, served }) => {
  test.setTimeout(300_000);
  const photos = mkdtempSync(join(tmpdir(), 'kintsugi-inpaint-photos-'));
  for (const name of readdirSync(SAMPLES_DIR).filter((n) => /\.jpe?g$/i.test(n))) copyFileSync(join(SAMPLES_DIR, name), join(photos, name));
  execFileSync(process.execPath, [CLI, 'import', join(SAMPLES_DIR, 'gcompris-cow.jpg'), '--data-dir', served.dataDir]);

  try {
    await page.goto(served.openUrl);
    await page.getByTestId('nav-train').click();
    await page.getByTestId('train-folder').fill(photos);
    await page.getByTestId('train-folder').press('Enter');
    await expect(page.getByTestId('train-scan-summary')).toHaveAttribute('data-usable', /^[1-9]/);

    // An inpainting run: its own options appear, with sensible defaults; tiny settings so it trains in seconds.
    await expect(page.getByTestId('train-kind-expect')).toContainText('not yet better than grey');
    await page.getByTestId('train-kind').selectOption('inpaint');
    await expect(page.getByTestId('train-kind-expect')).toContainText('PatchMatch');
    const options = page.getByTestId('train-inpaint-options');
    await expect(options).toBeVisible();
    await expect(page.getByTestId('train-inpaint-mode')).toHaveValue('fill');
    await expect(page.getByTestId('train-coverage-min')).toHaveValue('5');
    await expect(page.getByTestId('train-coverage-max')).toHaveValue('40');
    await expect(page.getByTestId('train-adversarial-weight')).toHaveValue('0');
    await page.getByTestId('train-coverage-min').fill('50');
    await page.getByTestId('train-coverage-max').fill('20');
    await expect(page.getByTestId('train-problem')).toHaveText('The smallest hole must not be larger than the largest');
    await page.getByTestId('train-coverage-min').fill('10');
    await page.getByTestId('train-coverage-max').fill('30');
    await page.getByTestId('train-name').fill('e2e inpainter');
    await page.getByTestId('train-size').selectOption('64');
    await page.getByTestId('train-batch').fill('2');
    await page.getByTestId('train-steps').fill('5000');
    await page.getByTestId('train-advanced').locator('summary').click();
    await expect(page.getByTestId('train-l1-weight')).toHaveCount(0);
    await page.getByTestId('train-validate-every').fill('5');
    await page.getByTestId('train-preview-every').fill('5');
    await expect(page.getByTestId('train-problem')).toHaveText('');
    await page.getByTestId('train-start').click();

    // It runs, validates on the holes and previews [masked input, output, truth] rows; then Stop keeps the model.
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
    await expect.poll(() => page.getByTestId('validation-chart').getAttribute('data-points').then(Number), { timeout: 120_000 }).toBeGreaterThan(1);
    const preview = page.getByTestId('run-preview');
    await expect(preview).toBeVisible({ timeout: 120_000 });
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // Three tiles of 64 px and two 2-px gaps per row.
    expect(await preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(3 * 64 + 2 * 2);
    // The model's hole scores beside PatchMatch's on the very same holes.
    await expect(page.getByTestId('run-baseline-engine')).toContainText(/PatchMatch \(built in\)\s*\d+\.\d\d dB\s*0\.\d{3}/);
    await expect(page.getByTestId('run-baseline-model')).toContainText(/This model \(step \d+\)\s*\d+\.\d\d dB/);
    await page.getByTestId('run-stop').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
    await expect(page.getByTestId('run-model-link')).toBeVisible({ timeout: 30_000 });
    const [run] = await callServed(served, 'training.list', {});
    expect(run!.config).toMatchObject({ kind: 'inpaint', inpaintMode: 'fill', coverage: [0.1, 0.3], adversarialWeight: 0 });
    expect(run!.lastValidation?.psnr).toBeGreaterThan(0);
    expect(run!.baseline).toMatchObject({ engine: 'patchmatch', psnr: expect.any(Number), ssim: expect.any(Number) });
    const models = await callServed(served, 'models.list', { kind: 'inpaint' });
    expect(models).toHaveLength(1);
    const model = models[0]!;
    expect(model).toMatchObject({ kind: 'inpaint', arch: 'gated-unet', inputSize: 64, source: 'trained' });

    // The Editor offers it beside PatchMatch; paint a stroke and inpaint it with the model.
    await page.getByTestId('nav-library').click();
    await page.getByTestId('thumb').first().dblclick();
    const stage = page.getByTestId('editor-stage');
    await expect(stage.locator('canvas').first()).toBeVisible();
    await expect(stage).toHaveAttribute('data-image-id', /^\d+$/);
    const imageId = Number(await stage.getAttribute('data-image-id'));
    const engine = page.getByTestId('engine-select');
    await expect(engine.locator(`option[value="model-${model.id}"]`)).toHaveText(model.name);
    await engine.selectOption(`model-${model.id}`);
    await expect(page.getByTestId('mode-select')).toHaveValue('fill');

    await page.getByTestId('tool-brush').click();
    const box = (await stage.boundingBox())!;
    const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
    await page.mouse.move(...at(0.35, 0.8));
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(...at(0.35 + i * 0.02, 0.8 - i * 0.005));
    await page.mouse.up();
    const painted = Number(await stage.getAttribute('data-mask-pixels'));
    expect(painted).toBeGreaterThan(100);

    await page.getByTestId('inpaint-run').click();
    await expect(page.getByTestId('result-accept')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('result-accept').click();
    const versions = await callServed(served, 'results.list', { imageId });
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ status: 'accepted', engine: `model-${model.id}`, params: { mode: 'fill', modelName: model.name } });

    // Only the stroke changed: every pixel outside the saved mask is the original's, the stroke's pixels are not.
    const mask = await callServed(served, 'masks.get', { imageId });
    const maskPixels = await sharp(Buffer.from(mask.png!)).greyscale().raw().toBuffer();
    const original = await rgb(readFileSync(join(SAMPLES_DIR, 'gcompris-cow.jpg')));
    const res = await page.request.get(`${served.url}media/result/${versions[0]!.id}`);
    expect(res.status()).toBe(200);
    const result = await rgb(await res.body());
    expect([result.width, result.height]).toEqual([original.width, original.height]);
    let outsideDiffs = 0;
    let insideChanged = 0;
    for (let p = 0; p < maskPixels.length; p++) {
      const differs = [0, 1, 2].some((k) => result.data[p * 3 + k] !== original.data[p * 3 + k]);
      if (maskPixels[p]! >= 128) insideChanged += differs ? 1 : 0;
      else if (differs) outsideDiffs++;
    }
    expect(outsideDiffs).toBe(0);
    expect(insideChanged).toBeGreaterThan(painted * 0.5);
  } finally {
    rmSync(photos, { recursive: true, force: true });
  }
});
