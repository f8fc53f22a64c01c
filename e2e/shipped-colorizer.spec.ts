import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { expect, SAMPLES_DIR, test } from './fixtures/server.js';
import { CLI, ROOT, startServe } from './fixtures/start-serve.js';

test('a fresh library has the shipped Automatic colorizer: the default in the Editor and in Batch, read-only in Models', async ({ page }) => {
  test.setTimeout(180_000);
  const root = mkdtempSync(join(tmpdir(), 'kintsugi-shipped-'));
  const shipped = join(root, 'shipped');
  const dataDir = join(root, 'data');
  execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'e2e', 'write-tiny-shipped-colorizer.ts'), shipped], { cwd: ROOT });
  const grey = join(root, 'cow-bw.png');
  await sharp(join(SAMPLES_DIR, 'gcompris-cow.jpg')).resize(320).greyscale().toColourspace('srgb').png().toFile(grey);
  execFileSync(process.execPath, [CLI, 'import', grey, '--data-dir', dataDir], { env: { ...process.env, KINTSUGI_SHIPPED_MODELS: shipped } });
  const server = await startServe(dataDir, { shippedModels: shipped });
  try {
    await page.goto(server.served.openUrl);
    await page.getByTestId('thumb').first().dblclick();
    await expect(page.getByTestId('editor-stage')).toHaveAttribute('data-image-id', /^\d+$/);
    await page.getByTestId('task-colorize').click();
    const engine = page.getByTestId('colorize-engine');
    await expect(engine).toHaveValue('model-1');
    await expect(engine.locator('option:checked')).toHaveText(/Automatic/);

    await page.getByTestId('nav-batch').click();
    await expect(page.getByTestId('batch-colorize-engine')).toHaveValue('model-1');

    await page.getByTestId('nav-models').click();
    const row = page.getByTestId('model-row').filter({ hasText: 'Automatic' });
    await expect(row.getByTestId('model-source')).toHaveText('ships with Kintsugi');
    await expect(row.getByTestId('model-default-badge')).toBeVisible();
    await expect(row.getByTestId('model-rename')).toBeDisabled();
    await expect(row.getByTestId('model-delete')).toBeDisabled();
  } finally {
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
