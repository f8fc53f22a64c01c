import { readdirSync } from 'node:fs';
import { dropFiles } from './fixtures/editor-ui.js';
import { SAMPLES_DIR, expect, test } from './fixtures/server.js';

const SAMPLE_COUNT = readdirSync(SAMPLES_DIR).filter((n) => /\.(jpe?g|png)$/i.test(n)).length;

test('from an empty library: import a folder, see thumbnails, search, open one in the editor, zoom and pan', async ({ page, served }) => {
  // Every request the page makes, to prove it talks to nothing but the local server.
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  page.on('websocket', (ws) => requested.push(ws.url()));

  await page.goto(served.openUrl);
  // The token is traded for a cookie and removed from the address bar.
  await expect(page).toHaveURL(`${served.url}`);
  await expect(page.getByTestId('library-empty')).toBeVisible();
  await expect(page.getByTestId('backend-label')).toContainText(/wasm|cpu|tfjs-node/);

  // Browser mode has no native dialog: the in-app file browser lists the server's disk.
  await page.getByTestId('import-folder-button').click();
  const browser = page.getByTestId('file-browser');
  await expect(browser).toBeVisible();
  await browser.getByTestId('file-browser-path').fill(SAMPLES_DIR);
  await browser.getByTestId('file-browser-path').press('Enter');
  await expect(browser.getByTestId('file-browser-entry')).toHaveCount(SAMPLE_COUNT + 1); // + SOURCES.md
  await browser.getByTestId('file-browser-import-folder').click();

  const report = page.getByTestId('import-report');
  await expect(report).toBeVisible();
  await expect(report.getByTestId('import-imported')).toHaveText(String(SAMPLE_COUNT));
  // SOURCES.md is in the folder too: it is listed as left out, not silently dropped, and is no failure.
  await expect(report.getByTestId('import-failure')).toHaveCount(0);
  await expect(report.getByTestId('import-skip')).toHaveCount(1);
  await expect(report.getByTestId('import-skip')).toContainText('SOURCES.md');

  const thumbs = page.getByTestId('thumb');
  await expect(thumbs).toHaveCount(SAMPLE_COUNT);
  // Thumbnails really load (decoded pixels, not broken-image icons).
  await expect
    .poll(() => page.$$eval('[data-testid="thumb"] img', (imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length))
    .toBe(SAMPLE_COUNT);

  await page.getByTestId('library-search').fill('cow');
  await expect(thumbs).toHaveCount(1);
  await page.getByTestId('library-search').fill('');
  await expect(thumbs).toHaveCount(SAMPLE_COUNT);

  // Open the dog photo (1024x768) in the editor.
  await page.getByTestId('library-search').fill('dog');
  await expect(thumbs).toHaveCount(1);
  await thumbs.first().dblclick();
  const stage = page.getByTestId('editor-stage');
  await expect(stage).toBeVisible();
  await expect(stage.locator('canvas').first()).toBeVisible();
  const zoomLabel = page.getByTestId('zoom-label');
  await expect(zoomLabel).toHaveText(/\d+%/);

  const zoomOf = async () => Number(await stage.getAttribute('data-zoom'));
  const offsetOf = async () => [Number(await stage.getAttribute('data-offset-x')), Number(await stage.getAttribute('data-offset-y'))];
  const fitZoom = await zoomOf();
  expect(fitZoom).toBeGreaterThan(0);
  expect(fitZoom).toBeLessThan(1); // 1024x768 fits in a smaller stage

  // Wheel zooms in around the cursor.
  const box = (await stage.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  await expect.poll(zoomOf).toBeGreaterThan(fitZoom);

  // `1`: pixel-exact 100 % (one image pixel per device pixel); the label says 100%.
  await page.keyboard.press('1');
  const dpr = await page.evaluate(() => window.devicePixelRatio);
  await expect.poll(zoomOf).toBeCloseTo(1 / dpr, 5);
  await expect(zoomLabel).toHaveText('100%');

  // Space + drag pans by the distance dragged.
  const [x0, y0] = await offsetOf();
  await page.mouse.move(box.x + 200, box.y + 200);
  await page.keyboard.down('Space');
  await page.mouse.down();
  await page.mouse.move(box.x + 260, box.y + 230, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Space');
  await expect.poll(offsetOf).toEqual([x0! + 60, y0! + 30]);

  // `0`: back to fit.
  await page.keyboard.press('0');
  await expect.poll(zoomOf).toBeCloseTo(fitZoom, 5);

  const origin = new URL(served.url).origin;
  const foreign = requested.filter((u) => !u.startsWith(origin) && !u.startsWith(origin.replace('http', 'ws')) && !u.startsWith('data:') && !u.startsWith('blob:'));
  expect(foreign).toEqual([]);
  expect(requested.length).toBeGreaterThan(SAMPLE_COUNT);
});

test('drag-and-drop of files imports them (bytes are sent, the page never sees paths)', async ({ page, served }) => {
  await page.goto(served.openUrl);
  await expect(page.getByTestId('library-empty')).toBeVisible();
  // A real PNG made by the page's canvas, dropped as a File, and a file that only claims to be one.
  await dropFiles(page, [
    { name: 'dropped-ochre.png', width: 40, height: 30, colour: '#c84' },
    { name: 'readme.png', text: 'not an image' },
  ]);
  const report = page.getByTestId('import-report');
  await expect(report.getByTestId('import-imported')).toHaveText('1');
  await expect(report.getByTestId('import-failure')).toContainText('readme.png');
  await expect(page.getByTestId('thumb')).toHaveCount(1);
});

test('the server refuses requests without the token', async ({ playwright, served }) => {
  const anonymous = await playwright.request.newContext();
  for (const path of ['', 'api/invoke/system.info', 'media/thumb/1']) {
    const res = await anonymous.fetch(`${served.url}${path}`, { method: path.startsWith('api') ? 'POST' : 'GET', data: path.startsWith('api') ? '{}' : undefined });
    expect(res.status(), path || '/').toBe(401);
  }
  const wrong = await anonymous.get(`${served.url}?token=not-the-token`);
  expect(wrong.status()).toBe(401);
  await anonymous.dispose();
});

test('settings show the backend that runs and why the better ones were skipped', async ({ page, served }) => {
  await page.goto(served.openUrl);
  await page.getByTestId('nav-settings').click();
  await expect(page.getByTestId('settings-active-backend')).toHaveText(/wasm|cpu|tfjs-node/);
  const gpu = page.locator('[data-testid="backend-attempt"][data-backend="tfjs-node-gpu"]');
  await expect(gpu).toContainText(/not installed|failed|not tried/i);
  await expect(page.getByTestId('app-version')).toHaveText(/\d+\.\d+\.\d+/);
});
