import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT } from './fixtures/start-serve.js';
import { SAMPLES_DIR, expect, test } from './fixtures/server.js';

const SHOTS = join(ROOT, 'resources', 'screenshots');

// The browser says it prefers Japanese, as a Japanese desktop's would.
test.use({ locale: 'ja-JP' });

/** Labels, buttons and headings whose text is wider than their box: clipped, or spilling over their neighbours. */
async function clippedLabels(page: Page): Promise<string[]> {
  return page.$$eval('button, label, h1, h2, th, dt, .label', (els) =>
    els
      .filter((el) => (el as HTMLElement).offsetParent !== null && el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.textContent?.trim() ?? ''),
  );
}

test('the app shell, library, editor frame and settings in Japanese, following the browser, and a Settings choice that sticks', async ({ page, served }) => {
  await page.goto(served.openUrl);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByTestId('nav-library')).toContainText('ライブラリ');
  await expect(page.getByTestId('library-empty')).toContainText('ライブラリは空です');
  await expect(page.locator('.status')).toContainText('画像 0 枚');
  // The page's font really is a Japanese one (installed here as Noto Sans CJK JP).
  const family = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  expect(family).toContain('Noto Sans CJK JP');

  await page.getByTestId('import-folder-button').click();
  const browser = page.getByTestId('file-browser');
  await browser.getByTestId('file-browser-path').fill(SAMPLES_DIR);
  await browser.getByTestId('file-browser-path').press('Enter');
  await expect(browser).toContainText('このコンピューターから読み込む');
  await expect(browser).toContainText('ここには画像が 6 枚あります');
  expect(await clippedLabels(page)).toEqual([]);
  await browser.getByTestId('file-browser-import-folder').click();
  const thumbs = page.getByTestId('thumb');
  await expect(thumbs.first()).toBeVisible();
  const count = await thumbs.count();
  await expect(page.locator('.status')).toContainText(`画像 ${count} 枚`);
  await expect
    .poll(() => page.$$eval('[data-testid="thumb"] img', (imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length))
    .toBe(count);
  const report = page.getByTestId('import-report');
  await expect(report).toContainText(`${count} 件を読み込みました`);
  await expect(report).toContainText('失敗 0 件');
  await expect(report).toContainText('対象外 1 件'); // SOURCES.md
  expect(await clippedLabels(page)).toEqual([]);
  await page.screenshot({ path: join(SHOTS, 'ja-library.png') });
  await report.getByRole('button', { name: '読み込みの結果を閉じる' }).click();
  await expect(report).toHaveCount(0);

  // The editor in Japanese: frame, mask toolbar, repair panel and history (the colorize panel is not converted yet).
  await page.getByTestId('library-search').fill('dog');
  await expect(thumbs).toHaveCount(1);
  await thumbs.first().dblclick();
  await expect(page.getByTestId('editor-stage').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('task-inpaint')).toHaveText('修復');
  await expect(page.getByTestId('zoom-fit')).toContainText('全体');
  await expect(page.locator('.view-toolbar .meta')).toContainText('8 ビット');
  await expect(page.locator('footer.hints')).toContainText('元に戻す');
  await expect(page.getByTestId('mask-grow')).toHaveText('広げる');
  await expect(page.getByTestId('inpaint-panel')).toContainText('エンジン');
  await expect(page.getByTestId('history-list')).toContainText('元の画像');
  expect(await clippedLabels(page)).toEqual([]);
  await page.screenshot({ path: join(SHOTS, 'ja-editor.png') });
  // An error toast in Japanese: the task and the reason in one natural sentence each, the stable code beside them.
  await page.keyboard.press('Control+Enter');
  const toast = page.getByTestId('toast').filter({ hasText: 'E_INVALID_ARGUMENT' });
  await expect(toast).toContainText('修復に失敗しました');
  await expect(toast).toContainText('修復する穴を先に緑で塗ってください。');
  await toast.getByRole('button', { name: '閉じる' }).click();
  await page.getByTestId('export-button').click();
  const exportDialog = page.getByTestId('export-dialog');
  await expect(exportDialog).toContainText('元の画像を書き出す');
  await expect(exportDialog).toContainText('同じ名前のファイルを置き換える');
  expect(await clippedLabels(page)).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(exportDialog).toHaveCount(0);
  await page.getByTestId('nav-library').click();

  // Full-width letters, as a Japanese keyboard's IME may type them, find the half-width name (NFKC search keys).
  await page.getByTestId('library-search').fill('ｄｏｇ');
  await expect(thumbs).toHaveCount(1);
  await page.getByTestId('library-search').fill('ｺｳﾓﾘ');
  await expect(page.getByTestId('library-empty')).toContainText('「ｺｳﾓﾘ」に一致する画像はありません');
  await page.getByTestId('library-search').fill('');
  await expect(thumbs).toHaveCount(count);

  await page.getByTestId('nav-settings').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('設定');
  await expect(page.getByTestId('backend-report')).toContainText('使用中');
  expect(await clippedLabels(page)).toEqual([]);
  await page.screenshot({ path: join(SHOTS, 'ja-settings.png') });

  // Choosing English changes the page at once and is stored: a reload stays English though the browser prefers Japanese.
  await page.getByTestId('language-select').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Settings');
  await page.reload();
  await expect(page.getByTestId('nav-library')).toContainText('Library');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.getByTestId('nav-settings').click();
  await page.getByTestId('language-select').selectOption('system');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByTestId('nav-settings')).toContainText('設定');
});
