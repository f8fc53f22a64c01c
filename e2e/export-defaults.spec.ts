import { mkdtempSync, readdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropFiles } from './fixtures/editor-ui.js';
import { expect, test } from './fixtures/server.js';

test('items 6 and 7: a typed folder counts without Enter; a dropped photo exports outside the app, and folder and format are remembered', async ({ page, served }) => {
  await page.goto(served.openUrl);
  await expect(page.getByTestId('library-empty')).toBeVisible();
  await dropFiles(page, [{ name: 'dropped-ochre.png', width: 40, height: 30, colour: '#c84' }]);
  await expect(page.getByTestId('thumb')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await page.getByTestId('thumb').first().dblclick();
  await expect(page.getByTestId('editor-stage')).toHaveAttribute('data-image-id', /^\d+$/);

  // The upload lives in the data folder: the first proposal is the home folder, never the app's own uploads.
  await page.getByTestId('export-button').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog.getByTestId('export-folder')).toHaveValue(homedir());
  await expect(dialog.getByTestId('export-format')).toHaveValue('png');

  // A path typed in the folder browser is the one used, Enter pressed or not.
  const outDir = mkdtempSync(join(tmpdir(), 'kintsugi-export-defaults-'));
  await dialog.getByTestId('export-choose').click();
  const browser = page.getByTestId('file-browser');
  await expect(browser.getByTestId('file-browser-path')).toHaveValue(homedir());
  await browser.getByTestId('file-browser-path').fill(outDir);
  await browser.getByTestId('file-browser-choose-folder').click();
  await expect(dialog.getByTestId('export-folder')).toHaveValue(outDir);

  // A path that does not exist is refused with the reason, and nothing is chosen.
  await dialog.getByTestId('export-choose').click();
  await browser.getByTestId('file-browser-path').fill(join(outDir, 'nowhere'));
  await browser.getByTestId('file-browser-choose-folder').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'nowhere' })).toBeVisible();
  await expect(browser).toBeVisible();
  await browser.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.getByTestId('export-folder')).toHaveValue(outDir);

  await dialog.getByTestId('export-format').selectOption('jpeg');
  await expect(dialog.getByTestId('export-name')).toHaveValue('dropped-ochre.jpg');
  await dialog.getByTestId('export-confirm').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'dropped-ochre.jpg' })).toBeVisible();
  expect(readdirSync(outDir)).toEqual(['dropped-ochre.jpg']);

  // The next export, even after a reload, proposes that folder and format.
  await page.reload();
  await page.getByTestId('nav-library').click();
  await page.getByTestId('thumb').first().dblclick();
  await page.getByTestId('export-button').click();
  await expect(dialog.getByTestId('export-folder')).toHaveValue(outDir);
  await expect(dialog.getByTestId('export-format')).toHaveValue('jpeg');
  await expect(dialog.getByTestId('export-name')).toHaveValue('dropped-ochre.jpg');
});
