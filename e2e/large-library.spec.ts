import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, test } from './fixtures/server.js';
import { CLI } from './fixtures/start-serve.js';

const COUNT = 2000;

test(`a library of ${COUNT} images keeps the grid virtualized and scrolls to the last one`, async ({ page, served }) => {
  test.setTimeout(240_000);
  // Tiny distinct PNGs (distinct pixels, so none is a duplicate), imported with the CLI into the served library.
  const folder = mkdtempSync(join(tmpdir(), 'kintsugi-many-'));
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < COUNT; i++) {
    const pixels = Buffer.alloc(8 * 8 * 3, i % 251);
    pixels.writeUInt16BE(i, 0);
    writes.push(sharp(pixels, { raw: { width: 8, height: 8, channels: 3 } }).png().toFile(join(folder, `img-${String(i).padStart(4, '0')}.png`)));
  }
  await Promise.all(writes);
  const out = execFileSync(process.execPath, [CLI, 'import', folder, '--data-dir', served.dataDir], { encoding: 'utf8' });
  expect(out.split('\n')[0]).toBe(`Imported ${COUNT}, already in library 0, failed 0, skipped 0`);
  rmSync(folder, { recursive: true, force: true });

  await page.goto(served.openUrl);
  const thumbs = page.getByTestId('thumb');
  await expect(thumbs.first()).toBeVisible();
  // Only the visible rows (plus overscan) exist in the page, not 2,000 cells.
  const rendered = await thumbs.count();
  expect(rendered).toBeGreaterThan(0);
  expect(rendered).toBeLessThan(150);

  // Newest first: the last imported is at the top, the first imported at the very end.
  await expect(thumbs.first()).toContainText('img-1999.png');
  await page.getByTestId('thumb-grid').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(page.getByTestId('thumb').filter({ hasText: 'img-0000.png' })).toBeVisible();
  expect(await thumbs.count()).toBeLessThan(150);
});
