// Refresh the README's screenshots from the real UI: import the sample photos with the CLI, start `kintsugi serve`,
// and photograph the library, the editor and a repair in Debian's chromium.
// Usage: node --import tsx scripts/screenshots.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CLI, ROOT, startServe } from '../e2e/fixtures/start-serve.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'kintsugi-shots-'));
const out = join(ROOT, 'resources', 'screenshots');

execFileSync(process.execPath, [CLI, 'import', join(ROOT, 'resources', 'samples'), '--data-dir', dataDir], { stdio: 'inherit' });
const server = await startServe(dataDir);
const url = server.served.openUrl;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await page.goto(url);
  await page.getByTestId('thumb').first().waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="thumb"] img')].every((i) => i.naturalWidth > 0));
  await page.screenshot({ path: join(out, 'library.png') });
  await page.getByTestId('library-search').fill('eiffel');
  // The search is debounced: wait until the grid shows only the match.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="thumb"]').length === 1);
  await page.getByTestId('thumb').first().dblclick();
  await page.getByTestId('editor-stage').locator('canvas').first().waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, 'editor.png') });

  // Repair: brush a green stroke along the fence wire, run PatchMatch, show before/after.
  await page.getByTestId('nav-library').click();
  await page.getByTestId('library-search').fill('cow');
  await page.waitForFunction(() => {
    const cells = document.querySelectorAll('[data-testid="thumb"]');
    return cells.length === 1 && cells[0].textContent.includes('cow');
  });
  await page.getByTestId('thumb').first().dblclick();
  const stage = page.getByTestId('editor-stage');
  await stage.locator('canvas').first().waitFor();
  await page.getByTestId('tool-brush').click();
  await page.getByTestId('brush-size').fill('9');
  const box = await stage.boundingBox();
  const at = (fx, fy) => [box.x + box.width * fx, box.y + box.height * fy];
  // Two strokes, one along each fence wire.
  for (const fy of [0.281, 0.305]) {
    await page.mouse.move(...at(0.08, fy));
    await page.mouse.down();
    for (let i = 1; i <= 30; i++) await page.mouse.move(...at(0.08 + i * 0.028, fy));
    await page.mouse.up();
  }
  await page.screenshot({ path: join(out, 'mask.png') });
  await page.getByTestId('inpaint-run').click();
  await page.getByTestId('result-accept').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(out, 'inpaint.png') });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
