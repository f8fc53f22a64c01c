import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { callServed } from './fixtures/api.js';
import { LAYER, drawnPixels, shownDifference } from './fixtures/canvas.js';
import { SAMPLES_DIR, expect, test, type ServedKintsugi } from './fixtures/server.js';
import { exportShown } from './fixtures/editor-ui.js';
import { CLI } from './fixtures/start-serve.js';

/** Mean difference (0–255) below which the canvas shows the same picture (scaling to the view blurs a little). */
const SAME_PICTURE = 4;

function importSamples(served: ServedKintsugi, ...names: string[]): void {
  execFileSync(process.execPath, [CLI, 'import', ...names.map((n) => join(SAMPLES_DIR, n)), '--data-dir', served.dataDir]);
}

async function openImage(page: Page, search: string): Promise<number> {
  await page.getByTestId('nav-library').click();
  await page.getByTestId('library-search').fill(search);
  const thumbs = page.getByTestId('thumb');
  await expect(thumbs).toHaveCount(1);
  await expect(thumbs.first()).toContainText(search);
  const id = (await thumbs.first().getAttribute('data-image-id'))!;
  await thumbs.first().dblclick();
  const stage = page.getByTestId('editor-stage');
  await expect(stage).toHaveAttribute('data-image-id', id);
  await expect(stage.locator('canvas').first()).toBeVisible();
  return Number(await stage.getAttribute('data-image-id'));
}

/** A horizontal brush stroke at height `fy` of the stage, from `fx0` to `fx1`; returns the mask's hole count after it. */
async function stroke(page: Page, fy: number, fx0 = 0.35, fx1 = 0.55): Promise<number> {
  await page.getByTestId('tool-brush').click();
  const stage = page.getByTestId('editor-stage');
  const before = await stage.getAttribute('data-mask-pixels');
  const box = (await stage.boundingBox())!;
  await page.mouse.move(box.x + box.width * fx0, box.y + box.height * fy);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(box.x + box.width * (fx0 + ((fx1 - fx0) * i) / 8), box.y + box.height * fy);
  await page.mouse.up();
  await expect(stage).not.toHaveAttribute('data-mask-pixels', before ?? '');
  return Number(await stage.getAttribute('data-mask-pixels'));
}

/** Runs the repair and waits for its pending result; returns the result's id. */
async function runRepair(page: Page): Promise<number> {
  await page.getByTestId('inpaint-run').click();
  await expect(page.getByTestId('result-accept')).toBeVisible({ timeout: 90_000 });
  return Number(await page.getByTestId('editor-stage').getAttribute('data-pending-result'));
}

test('item 1: after Discard, the next result on another photo is what the canvas shows and what Accept keeps', async ({ page, served }) => {
  test.setTimeout(240_000);
  importSamples(served, 'gcompris-cow.jpg', 'gcompris-eiffeltower.jpg');
  await page.goto(served.openUrl);

  await openImage(page, 'cow');
  await stroke(page, 0.8);
  const discarded = await runRepair(page);
  await expect.poll(() => shownDifference(page, LAYER.result, `result/${discarded}`)).toBeLessThan(SAME_PICTURE);
  await page.getByTestId('result-discard').click();
  await expect(page.getByTestId('pending-result')).toHaveCount(0);

  const tower = await openImage(page, 'eiffel');
  await stroke(page, 0.7);
  const kept = await runRepair(page);
  // What the canvas shows is the new result as the server holds it, not a cached picture of the discarded one.
  await expect.poll(() => shownDifference(page, LAYER.result, `result/${kept}`)).toBeLessThan(SAME_PICTURE);
  // The cause: an id once given is never given to other pixels.
  expect(kept).not.toBe(discarded);

  await page.getByTestId('result-accept').click();
  await expect(page.getByTestId('editor-stage')).toHaveAttribute('data-version', String(kept));
  await expect.poll(() => shownDifference(page, LAYER.result, `result/${kept}`)).toBeLessThan(SAME_PICTURE);
  const versions = await callServed(served, 'results.list', { imageId: tower });
  expect(versions.map((v) => [v.id, v.status])).toEqual([[kept, 'accepted']]);
});

test('item 2: the mask stays visible while painting after a run, and Accept clears the holes it repaired', async ({ page, served }) => {
  test.setTimeout(180_000);
  importSamples(served, 'gcompris-cow.jpg');
  await page.goto(served.openUrl);
  const imageId = await openImage(page, 'cow');
  const first = await stroke(page, 0.8);
  expect(await drawnPixels(page, LAYER.mask)).toBeGreaterThan(0);
  await runRepair(page);

  // Painting after the run shows what is painted.
  const both = await stroke(page, 0.4);
  await expect.poll(() => drawnPixels(page, LAYER.mask)).toBeGreaterThan(0);

  // Accept: the repaired holes are done; only the stroke painted since stays for the next run.
  await page.getByTestId('result-accept').click();
  const stage = page.getByTestId('editor-stage');
  await expect(stage).toHaveAttribute('data-mask-pixels', String(both - first));
  const record = await callServed(served, 'library.get', { id: imageId });
  await expect
    .poll(async () => (await callServed(served, 'masks.get', { imageId })).info?.coverage ?? 0)
    .toBeCloseTo((both - first) / (record.width * record.height), 6);
  // The next run repairs that stroke only.
  const next = await runRepair(page);
  const saved = await callServed(served, 'masks.get', { imageId });
  const holes = (await sharp(Buffer.from(saved.png!)).greyscale().raw().toBuffer()).filter((v) => v >= 128).length;
  expect(holes).toBe(both - first);
  expect(next).toBeGreaterThan(0);
});

test('item 8: reopening an image shows its last accepted version, and Export writes that version', async ({ page, served }) => {
  test.setTimeout(180_000);
  importSamples(served, 'gcompris-cow.jpg', 'gcompris-dog.jpg');
  await page.goto(served.openUrl);
  await openImage(page, 'cow');
  await stroke(page, 0.8);
  const version = await runRepair(page);
  await page.getByTestId('result-accept').click();
  const stage = page.getByTestId('editor-stage');
  await expect(stage).toHaveAttribute('data-version', String(version));

  await openImage(page, 'dog');
  await openImage(page, 'cow');
  await expect(stage).toHaveAttribute('data-version', String(version));
  await expect.poll(() => shownDifference(page, LAYER.result, `result/${version}`)).toBeLessThan(SAME_PICTURE);

  await page.reload();
  await openImage(page, 'cow');
  await expect(stage).toHaveAttribute('data-version', String(version));
  // The history still lists the original and the version.
  await expect(page.getByTestId('history-item')).toHaveCount(2);

  const exported = await sharp(await exportShown(page, 'png', 'cow-latest.png')).removeAlpha().raw().toBuffer();
  const stored = await sharp(Buffer.from(await (await page.request.get(`${served.url}media/result/${version}`)).body())).removeAlpha().raw().toBuffer();
  expect(exported.equals(stored)).toBe(true);
});

test('item 11: Ctrl+Enter runs from a focused dropdown, results name their engine, repeated errors stack once and go by themselves', async ({ page, served }) => {
  test.setTimeout(120_000);
  importSamples(served, 'gcompris-cow.jpg');
  await page.goto(served.openUrl);
  await openImage(page, 'cow');

  // Nothing painted: the same complaint twice is one toast, counted, and it leaves on its own.
  await page.getByTestId('engine-select').focus();
  await page.keyboard.press('Control+Enter');
  await page.keyboard.press('Control+Enter');
  const complaint = page.getByTestId('toast').filter({ hasText: 'Paint the holes to repair' });
  await expect(complaint).toHaveCount(1);
  await expect(complaint.getByTestId('toast-count')).toHaveText('×2');
  await page.mouse.move(0, 0);
  await expect(complaint).toHaveCount(0, { timeout: 25_000 });

  await stroke(page, 0.8);
  await page.getByTestId('engine-select').selectOption('patchmatch');
  await page.getByTestId('engine-select').focus();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('pending-result')).toContainText('Result by PatchMatch', { timeout: 90_000 });
  await page.getByTestId('result-accept').click();
  await expect(page.getByTestId('history-item').last()).toContainText('PatchMatch');
});
