import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

// The desktop shell itself, where an Electron binary exists. Electron's postinstall download fails on the build
// machine, so this runs only when ELECTRON_OVERRIDE_DIST_PATH names a folder holding one (the `electron` package
// and Playwright then launch that binary).
const ROOT = join(import.meta.dirname, '..');
const MAIN = join(ROOT, 'out', 'main', 'index.js');
const SAMPLES = join(ROOT, 'resources', 'samples');
const HAS_ELECTRON = Boolean(process.env.ELECTRON_OVERRIDE_DIST_PATH);

test.describe('Electron shell', () => {
  test.skip(
    !HAS_ELECTRON,
    'Electron e2e NOT RUN: no Electron binary here (set ELECTRON_OVERRIDE_DIST_PATH to the folder holding an electron binary)',
  );

  let dataDir = '';
  test.beforeEach(() => {
    expect(existsSync(MAIN), 'build the app first: npx electron-vite build').toBe(true);
    dataDir = mkdtempSync(join(tmpdir(), 'kintsugi-electron-e2e-'));
  });
  test.afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('an isolated, sandboxed window shows the library and imports through the native dialog', async () => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RENDERER_URL') env[k] = v;
    // Chromium refuses its OS sandbox as root (CI containers); the renderer's JS sandbox is a web preference and stays.
    const osSandbox = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    const app = await electron.launch({ args: [...osSandbox, MAIN, '--data-dir', dataDir], env });
    try {
      const page = await app.firstWindow();

      // The window's preferences are unit-tested (src-main/shell/web-preferences.test.ts); here, their effects.
      // What the page can see: the one bridge object, and no Node.
      const seen = await page.evaluate(() => {
        const g = globalThis as unknown as Record<string, unknown>;
        const bridge = g.kintsugi as Record<string, unknown> | undefined;
        return {
          bridge: bridge ? Object.keys(bridge).sort() : null,
          require: typeof g.require,
          process: typeof g.process,
          mediaUrl: typeof bridge?.mediaUrl === 'function' ? (bridge.mediaUrl as (k: string, id: number) => string)('thumb', 7) : null,
        };
      });
      expect(seen).toEqual({ bridge: ['invoke', 'mediaUrl', 'on'], require: 'undefined', process: 'undefined', mediaUrl: 'kintsugi-media://thumb/7' });

      await expect(page.getByTestId('library-empty')).toBeVisible();
      await expect(page.getByTestId('backend-label')).toContainText(/wasm|cpu|tfjs-node/);

      // A native dialog cannot be clicked by a test: answer it from the main process instead.
      await app.evaluate(({ dialog }, folder) => {
        dialog.showOpenDialog = (async () => ({ canceled: false, filePaths: [folder] })) as typeof dialog.showOpenDialog;
      }, SAMPLES);
      await page.getByTestId('import-folder-button').click();
      const thumbs = page.getByTestId('thumb');
      await expect(thumbs.first()).toBeVisible();
      const count = await thumbs.count();
      expect(count).toBeGreaterThan(0);
      // The thumbnails arrive through the kintsugi-media:// protocol and decode.
      await expect
        .poll(() =>
          page.$$eval('[data-testid="thumb"] img', (imgs) => imgs.filter((i) => (i as unknown as { naturalWidth: number }).naturalWidth > 0).length),
        )
        .toBe(count);
    } finally {
      await app.close();
    }
  });
});
