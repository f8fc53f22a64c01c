import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { callServed } from './fixtures/api.js';
import { exportShown, openFirstInEditor } from './fixtures/editor-ui.js';
import { SAMPLES_DIR, expect, test } from './fixtures/server.js';
import { CLI } from './fixtures/start-serve.js';

async function rgb(input: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(input).rotate().removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

test('paint a stroke, undo and redo it, inpaint, see only the stroke change, accept, reload, find the version', async ({ page, served }) => {
  test.setTimeout(180_000);
  execFileSync(process.execPath, [CLI, 'import', join(SAMPLES_DIR, 'gcompris-cow.jpg'), '--data-dir', served.dataDir]);
  await page.goto(served.openUrl);
  const stage = await openFirstInEditor(page);
  const imageId = Number(await stage.getAttribute('data-image-id'));
  await expect(stage).toHaveAttribute('data-mask-pixels', '0');

  // A brush stroke across the grass.
  await page.getByTestId('tool-brush').click();
  const box = (await stage.boundingBox())!;
  const at = (fx: number, fy: number) => [box.x + box.width * fx, box.y + box.height * fy] as const;
  await page.mouse.move(...at(0.35, 0.8));
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(...at(0.35 + i * 0.02, 0.8 - i * 0.005));
  await page.mouse.up();
  const painted = Number(await stage.getAttribute('data-mask-pixels'));
  expect(painted).toBeGreaterThan(100);
  await expect(stage).toHaveAttribute('data-undo-depth', '1');

  await page.keyboard.press('Control+z');
  await expect(stage).toHaveAttribute('data-mask-pixels', '0');
  await expect(stage).toHaveAttribute('data-redo-depth', '1');
  await page.keyboard.press('Control+Shift+z');
  await expect(stage).toHaveAttribute('data-mask-pixels', String(painted));

  // Inpaint with the default engine; the pending result is shown in place.
  await page.getByTestId('inpaint-run').click();
  await expect(page.getByTestId('result-accept')).toBeVisible({ timeout: 60_000 });

  // The saved mask is exactly what was painted, and the result differs inside it and nowhere else.
  const mask = await callServed(served, 'masks.get', { imageId });
  expect(mask.info?.coverage).toBeGreaterThan(0);
  const maskPixels = await sharp(Buffer.from(mask.png!)).greyscale().raw().toBuffer();
  expect(maskPixels.filter((v) => v >= 128).length).toBe(painted);

  await page.getByTestId('result-accept').click();
  const versions = await callServed(served, 'results.list', { imageId });
  expect(versions).toHaveLength(1);
  expect(versions[0]).toMatchObject({ status: 'accepted', engine: 'patchmatch', parentId: null });

  const original = await rgb(readFileSync(join(SAMPLES_DIR, 'gcompris-cow.jpg')));
  const resultRes = await page.request.get(`${served.url}media/result/${versions[0]!.id}`);
  expect(resultRes.status()).toBe(200);
  const result = await rgb(await resultRes.body());
  expect([result.width, result.height]).toEqual([original.width, original.height]);
  let outsideDiffs = 0;
  let insideDiff = 0;
  for (let p = 0; p < maskPixels.length; p++) {
    const d = Math.abs(result.data[p * 3]! - original.data[p * 3]!) + Math.abs(result.data[p * 3 + 1]! - original.data[p * 3 + 1]!) + Math.abs(result.data[p * 3 + 2]! - original.data[p * 3 + 2]!);
    if (maskPixels[p]! >= 128) insideDiff += d;
    else if (d !== 0) outsideDiffs++;
  }
  expect(outsideDiffs).toBe(0);
  expect(insideDiff / painted).toBeGreaterThan(1);

  // After a reload the version is in the history.
  await page.reload();
  await page.getByTestId('nav-library').click();
  await page.getByTestId('thumb').first().dblclick();
  const items = page.getByTestId('history-item');
  await expect(items).toHaveCount(2); // the original and the accepted version
  await expect(page.locator(`[data-testid="history-item"][data-result-id="${versions[0]!.id}"]`)).toBeVisible();
  // The version opens as the current one, and its holes are repaired: Accept took them out of the mask.
  await expect(page.getByTestId('editor-stage')).toHaveAttribute('data-version', String(versions[0]!.id));
  await expect(page.getByTestId('editor-stage')).toHaveAttribute('data-mask-pixels', '0');

  // Export the version as JPEG into a folder of the host, through the export dialog.
  await page.locator(`[data-testid="history-item"][data-result-id="${versions[0]!.id}"]`).click();
  await expect(page.getByTestId('editor-stage')).toHaveAttribute('data-version', String(versions[0]!.id));
  const file = await exportShown(page, 'jpeg', 'cow-repaired.jpg');
  const exported = await sharp(file).metadata();
  expect([exported.format, exported.width, exported.height]).toEqual(['jpeg', original.width, original.height]);
  expect(readdirSync(dirname(file))).toEqual(['cow-repaired.jpg']); // no temp file left behind
});
