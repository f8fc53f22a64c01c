import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { SAMPLES_DIR, expect, test } from './fixtures/server.js';
import { openFirstInEditor } from './fixtures/editor-ui.js';
import { CLI } from './fixtures/start-serve.js';

async function repairFolder(page: Page, name: string, input: string, masks: string, output: string): Promise<void> {
  await page.getByTestId('nav-batch').click();
  if (await page.getByTestId('batch-new').isVisible()) await page.getByTestId('batch-new').click();
  await page.getByTestId('batch-kind-inpaint').click();
  await page.getByTestId('batch-input-folder').fill(input);
  await page.getByTestId('batch-masks-folder').fill(masks);
  await page.getByTestId('batch-output-folder').fill(output);
  await page.getByTestId('batch-name').fill(name);
  await expect(page.getByTestId('batch-form-problem')).toHaveText('');
  await page.getByTestId('batch-create').click();
  await expect(page.getByTestId('batch-detail')).toContainText(name);
}

test('item 5: a mask saved by "Export mask" repairs its photo in Batch, and a job where every file failed is not "Completed"', async ({ page, served }) => {
  test.setTimeout(240_000);
  const root = mkdtempSync(join(tmpdir(), 'kintsugi-batch-masks-'));
  const [photos, masks, orphans] = ['photos', 'masks', 'orphans'].map((f) => join(root, f)) as [string, string, string];
  for (const folder of [photos, masks, orphans]) mkdirSync(folder);
  copyFileSync(join(SAMPLES_DIR, 'gcompris-cow.jpg'), join(photos, 'gcompris-cow.jpg'));
  copyFileSync(join(SAMPLES_DIR, 'gcompris-dog.jpg'), join(orphans, 'gcompris-dog.jpg'));
  execFileSync(process.execPath, [CLI, 'import', join(SAMPLES_DIR, 'gcompris-cow.jpg'), '--data-dir', served.dataDir]);

  // Paint a mask in the editor and export it, as a user would, into the masks folder.
  await page.goto(served.openUrl);
  const stage = await openFirstInEditor(page);
  await page.getByTestId('tool-brush').click();
  const box = (await stage.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.8);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.55, box.y + box.height * 0.8, { steps: 8 });
  await page.mouse.up();
  await expect(stage).not.toHaveAttribute('data-mask-pixels', '0');
  const download = page.waitForEvent('download');
  await page.getByTestId('mask-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('gcompris-cow-mask.png');
  await file.saveAs(join(masks, file.suggestedFilename()));

  // The exported name is found: the photo is repaired.
  await repairFolder(page, 'exported mask', photos, masks, join(root, 'out-1'));
  const status = page.getByTestId('batch-status');
  await expect(status).toHaveAttribute('data-status', /completed|failed/, { timeout: 120_000 });
  await expect(page.getByTestId('batch-done')).toHaveText('1 done');
  await expect(status).toHaveAttribute('data-status', 'completed');
  expect(readdirSync(join(root, 'out-1'))).toEqual(['gcompris-cow.jpg']);

  // No file of this job has a mask: nothing was made, and the job says so instead of a green "Completed".
  await repairFolder(page, 'no masks', orphans, masks, join(root, 'out-2'));
  await expect(status).toHaveAttribute('data-status', /completed|failed/, { timeout: 120_000 });
  await expect(status).toHaveAttribute('data-status', 'failed');
  await expect(status).not.toHaveText(/Completed/);
  await expect(page.getByTestId('batch-error')).toContainText('No mask named gcompris-dog');
  expect(existsSync(join(root, 'out-2')) ? readdirSync(join(root, 'out-2')) : []).toEqual([]);
});
