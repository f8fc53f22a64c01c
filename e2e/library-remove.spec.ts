import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { callServed } from './fixtures/api.js';
import { SAMPLES_DIR, expect, test } from './fixtures/server.js';
import { CLI } from './fixtures/start-serve.js';

test('item 9: select several images with Ctrl/Shift-click, remove them with Delete or the context menu; the files stay', async ({ page, served }) => {
  const names = ['gcompris-bee.jpg', 'gcompris-chickens.jpg', 'gcompris-cow.jpg', 'gcompris-dog.jpg'];
  execFileSync(process.execPath, [CLI, 'import', ...names.map((n) => join(SAMPLES_DIR, n)), '--data-dir', served.dataDir]);
  await page.goto(served.openUrl);
  const thumbs = page.getByTestId('thumb');
  await expect(thumbs).toHaveCount(4);

  // The one open in the editor is among those removed: the editor lets it go.
  await thumbs.nth(0).dblclick();
  await expect(page.getByTestId('editor-stage')).toHaveAttribute('data-image-id', /^\d+$/);
  await page.getByTestId('nav-library').click();

  // Click, Shift-click: a range of three; Ctrl-click takes one out again.
  await thumbs.nth(0).click();
  await thumbs.nth(2).click({ modifiers: ['Shift'] });
  await expect(page.locator('[data-testid="thumb"][aria-selected="true"]')).toHaveCount(3);
  await thumbs.nth(1).click({ modifiers: ['Control'] });
  await expect(page.locator('[data-testid="thumb"][aria-selected="true"]')).toHaveCount(2);
  const chosen = [await thumbs.nth(0).getAttribute('data-image-id'), await thumbs.nth(2).getAttribute('data-image-id')].map(Number);

  // Delete asks first; Cancel keeps everything.
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('confirm-dialog')).toContainText('Remove 2 images from the library?');
  await page.getByTestId('confirm-cancel').click();
  await expect(thumbs).toHaveCount(4);
  await page.getByTestId('thumb-grid').focus();
  await page.keyboard.press('Delete');
  await page.getByTestId('confirm-ok').click();
  await expect(thumbs).toHaveCount(2);
  const left = (await callServed(served, 'library.list', {})).items.map((i) => i.id);
  expect(left).toHaveLength(2);
  expect(left.filter((id) => chosen.includes(id))).toEqual([]);

  // Right-click on an image not selected acts on that image alone.
  await thumbs.nth(1).click();
  await thumbs.nth(0).click({ button: 'right' });
  await expect(page.getByTestId('context-menu')).toBeVisible();
  await expect(page.getByTestId('thumb-menu-remove')).toHaveText(/Remove from the library/);
  await page.getByTestId('thumb-menu-remove').click();
  await page.getByTestId('confirm-ok').click();
  await expect(thumbs).toHaveCount(1);
  await expect(page.getByTestId('toast').filter({ hasText: 'Image removed' })).toBeVisible();

  // The files themselves are untouched; the editor no longer shows a removed image.
  for (const name of names) expect(existsSync(join(SAMPLES_DIR, name))).toBe(true);
  await page.getByTestId('nav-editor').click();
  await expect(page.getByText('No image open')).toBeVisible();
});
