import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import sharp from 'sharp';
import { callServed } from './fixtures/api.js';
import { SAMPLES_DIR, expect, test } from './fixtures/server.js';
import { CLI } from './fixtures/start-serve.js';

/** A number attribute of a locator, for "it grew" checks. */
async function numberAttr(locator: Locator, name: string): Promise<number> {
  return Number(await locator.getAttribute(name));
}

test('train a colorizer from the Train view, watch it learn, stop it, find the model, colorize with it in the editor', async ({ page, served }) => {
  test.setTimeout(300_000);
  // The data folder: the sample photos and one file that is not an image (listed as skipped).
  const photos = mkdtempSync(join(tmpdir(), 'kintsugi-train-photos-'));
  const samples = readdirSync(SAMPLES_DIR).filter((name) => /\.(jpe?g|png)$/i.test(name));
  for (const name of samples) copyFileSync(join(SAMPLES_DIR, name), join(photos, name));
  writeFileSync(join(photos, 'notes.txt'), 'not a photo');
  // The image to colorize later, in the library.
  execFileSync(process.execPath, [CLI, 'import', join(SAMPLES_DIR, 'gcompris-cow.jpg'), '--data-dir', served.dataDir]);

  try {
    await page.goto(served.openUrl);
    await page.getByTestId('nav-train').click();
    await expect(page.getByTestId('view-train')).toBeVisible();

    // Choose the folder (typed, as the in-app picker would fill it) and see the scan.
    await page.getByTestId('train-validation-split').fill('0.3');
    await page.getByTestId('train-folder').fill(photos);
    await page.getByTestId('train-folder').press('Enter');
    const summary = page.getByTestId('train-scan-summary');
    await expect(summary).toHaveAttribute('data-usable', String(samples.length));
    const validation = await numberAttr(summary, 'data-validation');
    expect(validation).toBeGreaterThan(0);
    expect(await numberAttr(summary, 'data-train')).toBe(samples.length - validation);
    await page.getByTestId('train-skipped').locator('summary').click();
    await expect(page.getByTestId('train-skipped')).toContainText('notes.txt');

    // Tiny settings: enough steps that it is still running when we stop it, previews and validation often.
    await page.getByTestId('train-name').fill('e2e colorizer');
    await page.getByTestId('train-size').selectOption('64');
    await page.getByTestId('train-batch').fill('2');
    await page.getByTestId('train-steps').fill('5000');
    await page.getByTestId('train-advanced').locator('summary').click();
    await page.getByTestId('train-validate-every').fill('5');
    await page.getByTestId('train-preview-every').fill('5');
    await page.getByTestId('train-checkpoint-every').fill('50');
    await expect(page.getByTestId('train-problem')).toHaveText('');
    await page.getByTestId('train-start').click();

    // The run shows, runs, and its charts and preview move.
    const detail = page.getByTestId('run-detail');
    await expect(detail).toBeVisible();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
    const lossChart = page.getByTestId('loss-chart');
    await expect.poll(() => numberAttr(lossChart, 'data-points'), { timeout: 120_000 }).toBeGreaterThan(0);
    const firstPoints = await numberAttr(lossChart, 'data-points');
    await expect.poll(() => numberAttr(lossChart, 'data-points'), { timeout: 60_000 }).toBeGreaterThan(firstPoints);
    await expect(lossChart.locator('canvas')).toHaveCount(1);
    await expect.poll(() => numberAttr(page.getByTestId('validation-chart'), 'data-points'), { timeout: 120_000 }).toBeGreaterThan(0);
    const preview = page.getByTestId('run-preview');
    await expect(preview).toBeVisible({ timeout: 120_000 });
    const firstPreviewStep = await numberAttr(preview, 'data-step');
    await expect.poll(() => numberAttr(preview, 'data-step'), { timeout: 120_000 }).toBeGreaterThan(firstPreviewStep);
    // The newest grid is a real image.
    await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await expect(page.getByTestId('run-step')).not.toHaveText('0');
    await expect(page.getByTestId('run-pause')).toBeEnabled();
    await expect(page.getByTestId('run-remove')).toBeDisabled();

    // Pause checkpoints and ends the process; resume continues from that step with its history.
    await page.getByTestId('run-pause').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'paused', { timeout: 60_000 });
    await expect(page.getByTestId('run-resume')).toBeEnabled();
    await expect(page.getByTestId('run-stop')).toBeEnabled();
    const pausedAt = Number(await page.getByTestId('run-step').textContent());
    const run = (await callServed(served, 'training.list', {}))[0]!;
    expect(run).toMatchObject({ status: 'paused', checkpointStep: pausedAt });
    await page.getByTestId('run-resume').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
    await expect.poll(async () => Number(await page.getByTestId('run-step').textContent()), { timeout: 120_000 }).toBeGreaterThan(pausedAt + 2);
    // The chart kept the points from before the pause and goes on from them.
    expect(await numberAttr(lossChart, 'data-points')).toBeGreaterThan(firstPoints);

    // Stop: the run checkpoints and registers its model.
    await page.getByTestId('run-stop').click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
    await expect(page.getByTestId('run-resume')).toBeEnabled();
    await expect(page.getByTestId('run-remove')).toBeEnabled();
    const modelLink = page.getByTestId('run-model-link');
    await expect(modelLink).toBeVisible({ timeout: 30_000 });

    const models = await callServed(served, 'models.list', { kind: 'colorize' });
    expect(models).toHaveLength(1);
    const model = models[0]!;
    expect(model).toMatchObject({ kind: 'colorize', inputSize: 64, source: 'trained' });
    expect(model.provenance).toMatchObject({ dataFolder: photos, imageCount: samples.length, batchSize: 2 });

    // It is in Models, with its provenance.
    await modelLink.click();
    const row = page.locator(`[data-testid="model-row"][data-model-id="${model.id}"]`);
    await expect(row).toBeVisible();
    await expect(row.getByTestId('model-name')).toHaveText(model.name);
    await expect(row.getByTestId('model-provenance')).toContainText(photos);
    await expect(row.getByTestId('model-bytes')).toHaveAttribute('data-bytes', String(model.bytes));

    // Colorize the cow with it in the editor, and keep the result.
    await page.getByTestId('nav-library').click();
    await page.getByTestId('thumb').first().dblclick();
    const stage = page.getByTestId('editor-stage');
    await expect(stage).toHaveAttribute('data-image-id', /^\d+$/);
    const imageId = Number(await stage.getAttribute('data-image-id'));
    await page.getByTestId('task-colorize').click();
    const engine = page.getByTestId('colorize-engine');
    await expect(engine.locator(`option[value="model-${model.id}"]`)).toHaveCount(1);
    await engine.selectOption(`model-${model.id}`);
    await page.getByTestId('colorize-run').click();
    await expect(page.getByTestId('pending-result')).toHaveAttribute('data-operation', 'colorize', { timeout: 60_000 });
    await page.getByTestId('result-accept').click();
    await expect(page.locator('[data-testid="history-item"]')).toHaveCount(2);

    const versions = await callServed(served, 'results.list', { imageId });
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ status: 'accepted', operation: 'colorize', engine: `model-${model.id}`, parentId: null });
    // The version keeps the original's size.
    const original = (await sharp(join(SAMPLES_DIR, 'gcompris-cow.jpg')).rotate().toBuffer({ resolveWithObject: true })).info;
    const res = await page.request.get(`${served.url}media/result/${versions[0]!.id}`);
    expect(res.status()).toBe(200);
    const colorized = await sharp(await res.body()).metadata();
    expect([colorized.width, colorized.height]).toEqual([original.width, original.height]);
  } finally {
    rmSync(photos, { recursive: true, force: true });
  }
});

test('manage models: rename, set the default, export through the in-app picker, delete, import the file back', async ({ page, served }) => {
  test.setTimeout(180_000);
  const photos = mkdtempSync(join(tmpdir(), 'kintsugi-models-photos-'));
  const exportDir = mkdtempSync(join(tmpdir(), 'kintsugi-models-export-'));
  for (const name of ['gcompris-bee.jpg', 'gcompris-dog.jpg', 'gcompris-cow.jpg']) copyFileSync(join(SAMPLES_DIR, name), join(photos, name));
  try {
    // Two tiny models trained with the CLI (the first becomes the default of its kind).
    for (let i = 0; i < 2; i++) {
      execFileSync(process.execPath, [CLI, 'train', '--kind', 'colorize', '--data', photos, '--size', '64', '--batch', '2', '--steps', '2', '--data-dir', served.dataDir]);
    }
    const [newer, older] = await callServed(served, 'models.list', {});
    expect(older!.isDefault).toBe(true);

    await page.goto(served.openUrl);
    await page.getByTestId('nav-models').click();
    await expect(page.getByTestId('model-row')).toHaveCount(2);
    const row = page.locator(`[data-testid="model-row"][data-model-id="${newer!.id}"]`);
    const olderRow = page.locator(`[data-testid="model-row"][data-model-id="${older!.id}"]`);
    await expect(olderRow.getByTestId('model-default-badge')).toBeVisible();

    // Rename inline.
    await row.getByTestId('model-rename').click();
    await row.getByTestId('model-name-input').fill('Sky model');
    await row.getByTestId('model-name-input').press('Enter');
    await expect(row.getByTestId('model-name')).toHaveText('Sky model');

    // Set as default: the badge moves.
    await row.getByTestId('model-set-default').click();
    await expect(row.getByTestId('model-default-badge')).toBeVisible();
    await expect(olderRow.getByTestId('model-default-badge')).toHaveCount(0);
    expect((await callServed(served, 'models.list', {})).find((m) => m.id === newer!.id)).toMatchObject({ name: 'Sky model', isDefault: true });

    // Export into a folder typed in the in-app browser (no Enter needed), under the name it proposes.
    await row.getByTestId('model-export').click();
    const browser = page.getByTestId('file-browser');
    await expect(browser.getByTestId('file-browser-name')).toHaveValue('Sky model.kintsugi-model');
    await browser.getByTestId('file-browser-path').fill(exportDir);
    await browser.getByTestId('file-browser-choose-folder').click();
    await expect(page.getByTestId('toast').filter({ hasText: 'Sky model.kintsugi-model' })).toBeVisible({ timeout: 30_000 });
    expect(readdirSync(exportDir)).toEqual(['Sky model.kintsugi-model']);

    // Delete it, after confirming.
    await row.getByTestId('model-delete').click();
    await page.getByTestId('confirm-ok').click();
    await expect(page.getByTestId('model-row')).toHaveCount(1);
    expect(await callServed(served, 'models.list', {})).toHaveLength(1);

    // Import the exported file back: only the archive can be picked.
    await page.getByTestId('models-import').click();
    await browser.getByTestId('file-browser-path').fill(exportDir);
    await browser.getByTestId('file-browser-path').press('Enter');
    await browser.getByTestId('file-browser-entry').filter({ hasText: 'Sky model.kintsugi-model' }).click();
    await browser.getByTestId('file-browser-open').click();
    await expect(page.getByTestId('model-row')).toHaveCount(2);
    const imported = (await callServed(served, 'models.list', {})).find((m) => m.id !== older!.id)!;
    expect(imported).toMatchObject({ name: 'Sky model', kind: 'colorize', source: 'imported', inputSize: 64 });
    await expect(page.locator(`[data-testid="model-row"][data-model-id="${imported.id}"]`).getByTestId('model-provenance')).toContainText(photos);
  } finally {
    rmSync(photos, { recursive: true, force: true });
    rmSync(exportDir, { recursive: true, force: true });
  }
});
