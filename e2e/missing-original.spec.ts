import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LAYER, shownDifference } from './fixtures/canvas.js';
import { SAMPLES_DIR, expect, test } from './fixtures/server.js';
import { CLI } from './fixtures/start-serve.js';

test('item 10: a moved original says it is missing and where it was, and opens again once located', async ({ page, served }) => {
  const root = mkdtempSync(join(tmpdir(), 'kintsugi-missing-'));
  const [before, after] = [join(root, 'before'), join(root, 'after')];
  mkdirSync(before);
  mkdirSync(after);
  const original = join(before, 'cow.jpg');
  copyFileSync(join(SAMPLES_DIR, 'gcompris-cow.jpg'), original);
  execFileSync(process.execPath, [CLI, 'import', original, '--data-dir', served.dataDir]);
  renameSync(original, join(after, 'cow.jpg'));

  await page.goto(served.openUrl);
  await page.getByTestId('thumb').first().dblclick();
  const missing = page.getByTestId('editor-missing');
  await expect(missing).toContainText('The original file is missing');
  await expect(missing).toContainText(original);
  await expect(page.getByTestId('toast').filter({ hasText: 'E_BAD_IMAGE' })).toHaveCount(0);

  await page.getByTestId('editor-locate').click();
  const browser = page.getByTestId('file-browser');
  await browser.getByTestId('file-browser-path').fill(after);
  await browser.getByTestId('file-browser-path').press('Enter');
  await browser.getByTestId('file-browser-entry').filter({ hasText: 'cow.jpg' }).dblclick();
  await expect(missing).toHaveCount(0);
  const stage = page.getByTestId('editor-stage');
  await expect(stage.locator('canvas').first()).toBeVisible();
  // The photo really shows, from its new place.
  const imageId = Number(await stage.getAttribute('data-image-id'));
  await expect.poll(() => shownDifference(page, LAYER.base, `image/${imageId}`)).toBeLessThan(4);
});
