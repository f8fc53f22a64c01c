import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, parse, relative } from 'node:path';
import sharp from 'sharp';
import { callServed } from './fixtures/api.js';
import { SAMPLES_DIR, expect, test } from './fixtures/server.js';
import { CLI, startServe } from './fixtures/start-serve.js';

/** A folder of grey photos to colorize, made from the samples, and a colour reference beside it. */
interface Scans {
  root: string;
  input: string;
  reference: string;
  /** Inputs that are real photos, relative to `input`. */
  good: string[];
  /** An input that is not a readable image. */
  broken: string;
}

/**
 * Grey copies of the samples at 1600 px (large enough that the batch is still running when the test pauses it): four
 * at the top in three formats, two in a subfolder, and a JPEG cut off after its header.
 */
async function makeScans(): Promise<Scans> {
  const root = mkdtempSync(join(tmpdir(), 'kintsugi-batch-e2e-'));
  const input = join(root, 'scans');
  mkdirSync(join(input, 'album 2'), { recursive: true });
  const grey = (sample: string) => sharp(join(SAMPLES_DIR, `gcompris-${sample}.jpg`)).resize({ width: 1600 }).greyscale();
  await grey('bee').jpeg({ quality: 90 }).toFile(join(input, 'bee.jpg'));
  await grey('chickens').jpeg({ quality: 90 }).toFile(join(input, 'chickens.jpg'));
  await grey('dog').png().toFile(join(input, 'dog.png'));
  await grey('dog').flop().webp().toFile(join(input, 'dog mirrored.webp'));
  await grey('eiffeltower').png().toFile(join(input, 'album 2', 'eiffel.png'));
  await grey('bee').extract({ left: 200, top: 100, width: 1000, height: 700 }).tiff().toFile(join(input, 'album 2', 'bee close.tiff'));
  const good = ['bee.jpg', 'chickens.jpg', 'dog.png', 'dog mirrored.webp', 'album 2/eiffel.png', 'album 2/bee close.tiff'];
  const jpeg = readFileSync(join(input, 'bee.jpg'));
  writeFileSync(join(input, 'broken.jpg'), jpeg.subarray(0, 600));
  const reference = join(root, 'reference', 'cow.jpg');
  mkdirSync(join(root, 'reference'));
  await sharp(join(SAMPLES_DIR, 'gcompris-cow.jpg')).toFile(reference);
  return { root, input, reference, good, broken: 'broken.jpg' };
}

/** Every file under a folder, relative and `/`-separated. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(folder, join(e.parentPath, e.name)).split('\\').join('/'))
    .sort();
}

/** Each good input has exactly one output: same subfolder, same name, the input's own format (`same`). */
function expectOneOutputPerInput(output: string, good: readonly string[]): void {
  const written = filesUnder(output);
  expect(written).toHaveLength(good.length);
  for (const path of good) {
    const { dir, name } = parse(path);
    expect(written.filter((w) => parse(w).dir === dir && parse(w).name === name), path).toHaveLength(1);
  }
}

test('colorize a folder from the Batch view: progress, pause and resume, one output per photo, the broken file listed, before/after', async ({ page, served }) => {
  test.setTimeout(300_000);
  const scans = await makeScans();
  const output = join(scans.root, 'colour');
  try {
    await page.goto(served.openUrl);
    await page.getByTestId('nav-batch').click();
    await expect(page.getByTestId('view-batch')).toBeVisible();
    await expect(page.getByTestId('batch-form')).toBeVisible();
    await expect(page.getByTestId('batch-form-problem')).toHaveText('Choose the folder of photos');

    // The folder (typed, as the in-app picker would fill it), subfolders included, into a folder that does not exist yet.
    await page.getByTestId('batch-input-folder').fill(scans.input);
    await expect(page.getByTestId('batch-recursive')).toBeChecked();
    await page.getByTestId('batch-output-folder').fill(output);
    await page.getByTestId('batch-name').fill('e2e scans');
    await expect(page.getByTestId('batch-colorize-engine')).toHaveValue('reference');
    await expect(page.getByTestId('batch-form-problem')).toHaveText('Add one or more colour reference photos');

    // The reference photo through the in-app file browser.
    await page.getByTestId('batch-add-reference-file').click();
    const browser = page.getByTestId('file-browser');
    await browser.getByTestId('file-browser-path').fill(join(scans.root, 'reference'));
    await browser.getByTestId('file-browser-path').press('Enter');
    await browser.getByTestId('file-browser-entry').filter({ hasText: 'cow.jpg' }).click();
    await browser.getByTestId('file-browser-open').click();
    await expect(page.getByTestId('batch-reference-path')).toHaveText('cow.jpg');
    await expect(page.getByTestId('batch-form-problem')).toHaveText('');
    await page.getByTestId('batch-create').click();

    // The job shows, runs, and results arrive with a rate.
    const detail = page.getByTestId('batch-detail');
    await expect(detail).toBeVisible();
    const status = page.getByTestId('batch-status');
    await expect(status).toHaveAttribute('data-status', 'running', { timeout: 60_000 });
    await expect(page.getByTestId('batch-total')).toHaveText(String(scans.good.length + 1));
    const row = page.getByTestId('batch-item');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('e2e scans');
    await expect.poll(async () => Number(await page.getByTestId('batch-finished').textContent()), { timeout: 120_000 }).toBeGreaterThan(0);
    await expect(page.getByTestId('batch-rate')).toHaveText(/images\/min/);

    // Pause: the job stops between files, with finished files kept and the rest pending.
    await page.getByTestId('batch-pause').click();
    await expect(status).toHaveAttribute('data-status', 'paused', { timeout: 60_000 });
    await expect(status).toHaveText('Paused');
    await expect(page.getByTestId('batch-resume')).toBeEnabled();
    await expect(page.getByTestId('batch-remove')).toBeEnabled();
    const [paused] = await callServed(served, 'batch.list', {});
    expect(paused).toMatchObject({ status: 'paused', pauseReason: 'user' });
    expect(paused!.counts.pending).toBeGreaterThan(0);
    expect(paused!.counts.running).toBe(0);
    // Only finished files have outputs, under their final names.
    expect(filesUnder(output)).toHaveLength(paused!.counts.done);
    await expect(page.getByTestId('batch-result')).toHaveCount(paused!.counts.done);

    // Resume: it goes on to the end.
    await page.getByTestId('batch-resume').click();
    await expect(status).toHaveAttribute('data-status', 'completed', { timeout: 180_000 });
    await expect(page.getByTestId('batch-done')).toHaveText(`${scans.good.length} done`);
    await expect(page.getByTestId('batch-failed')).toHaveText('1 failed');
    await expect(page.getByTestId('batch-pause')).toHaveCount(0);
    await expect(page.getByTestId('batch-resume')).toHaveCount(0);
    await expect(page.getByTestId('batch-retry')).toBeEnabled();

    // On disk: exactly one output per good photo, nothing for the broken one; the inputs are untouched.
    expectOneOutputPerInput(output, scans.good);
    expect(filesUnder(scans.input)).toEqual([...scans.good, scans.broken].sort());
    const outputs = (await callServed(served, 'batch.items', { jobId: paused!.id, statuses: ['done'] })).items;
    for (const item of outputs) {
      const meta = await sharp(item.outputPath).metadata();
      const source = await sharp(item.inputPath).metadata();
      expect([meta.width, meta.height, meta.channels]).toEqual([source.width, source.height, 3]);
    }

    // The broken file is listed as failed, with its reason.
    const problem = page.getByTestId('batch-problem');
    await expect(problem).toHaveCount(1);
    await expect(problem).toHaveAttribute('data-status', 'failed');
    await expect(problem).toHaveAttribute('data-code', 'E_BAD_IMAGE');
    await expect(problem).toContainText('broken.jpg');

    // The gallery shows every result; one opens as before/after with a working split.
    const results = page.getByTestId('batch-result');
    await expect(results).toHaveCount(scans.good.length);
    await results.filter({ hasText: 'album 2/eiffel.png' }).click();
    const compare = page.getByTestId('batch-compare');
    await expect(compare).toBeVisible();
    await expect(compare).toContainText('album 2/eiffel.png');
    for (const id of ['batch-compare-before', 'batch-compare-after']) {
      await expect.poll(() => compare.getByTestId(id).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1600);
    }
    const slider = compare.getByTestId('compare-slider');
    await expect(slider).toHaveAttribute('aria-valuenow', '50');
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    await expect(slider).toHaveAttribute('aria-valuenow', '52');
    await expect(compare.getByTestId('batch-compare-after')).toHaveAttribute('style', /inset\(0(px)? 0(px)? 0(px)? 52%\)/);
    await compare.getByTestId('batch-compare-close').click();
    await expect(compare).toHaveCount(0);

    // The log of failed and skipped files, exported into the output folder's parent.
    await page.getByTestId('batch-export-log').click();
    const logDialog = page.getByTestId('batch-log-dialog');
    await logDialog.getByTestId('batch-log-folder').fill(scans.root);
    await expect(logDialog.getByTestId('batch-log-name')).toHaveValue('e2e scans-log.csv');
    await logDialog.getByTestId('batch-log-write').click();
    await expect(page.getByTestId('toast').filter({ hasText: 'Log exported' })).toBeVisible();
    const log = readFileSync(join(scans.root, 'e2e scans-log.csv'), 'utf8');
    expect(log).toContain('broken.jpg');
    expect(log).toContain('E_BAD_IMAGE');
  } finally {
    rmSync(scans.root, { recursive: true, force: true });
  }
});

test('a batch cut off by the app stopping is offered for resume at the next start, and finishes without redoing a file', async ({ page }) => {
  test.setTimeout(300_000);
  const scans = await makeScans();
  const output = join(scans.root, 'colour');
  const dataDir = mkdtempSync(join(tmpdir(), 'kintsugi-e2e-'));
  // The fixture's server cannot be stopped and started again on its folder: this test runs its own, twice.
  let server: Awaited<ReturnType<typeof startServe>> | null = await startServe(dataDir);
  try {
    const first = server.served;
    const { job } = await callServed(first, 'batch.create', {
      input: { type: 'folder', folder: scans.input, recursive: true },
      output: { folder: output },
      operation: { kind: 'colorize', engine: 'reference', referencePaths: [scans.reference] },
    });
    // Stop the app while the batch is half way.
    await expect.poll(async () => (await callServed(first, 'batch.get', { jobId: job.id })).counts.done, { timeout: 120_000 }).toBeGreaterThan(0);
    await server.stop();
    server = null;

    server = await startServe(dataDir);
    const second = server.served;
    const doneBefore = (await callServed(second, 'batch.items', { jobId: job.id, statuses: ['done'] })).items;
    expect(doneBefore.length).toBeGreaterThan(0);
    expect(doneBefore.length).toBeLessThan(scans.good.length);
    const writtenAt = new Map(doneBefore.map((i) => [i.outputPath, statSync(i.outputPath).mtimeMs]));

    await page.goto(second.openUrl);
    // Offered from the start, before the Batch view is opened.
    await expect(page.getByTestId('nav-batch-interrupted')).toHaveText('1');
    await page.getByTestId('nav-batch').click();
    const banner = page.getByTestId('batch-interrupted-banner');
    await expect(banner).toBeVisible();
    await expect(page.locator(`[data-testid="batch-item"][data-job-id="${job.id}"]`)).toHaveAttribute('data-status', 'paused');
    await banner.getByTestId('batch-interrupted-show').click();
    await expect(page.getByTestId('batch-status')).toHaveText('Interrupted');
    await expect(page.getByTestId('batch-interrupted')).toBeVisible();
    await expect(page.getByTestId('batch-result')).toHaveCount(doneBefore.length);

    await banner.getByTestId('batch-interrupted-resume').click();
    await expect(banner).toHaveCount(0);
    await expect(page.getByTestId('nav-batch-interrupted')).toHaveCount(0);
    await expect(page.getByTestId('batch-status')).toHaveAttribute('data-status', 'completed', { timeout: 180_000 });
    expectOneOutputPerInput(output, scans.good);
    // What was finished before the stop was not written again.
    for (const [path, mtime] of writtenAt) expect(statSync(path).mtimeMs, path).toBe(mtime);
    const items = (await callServed(second, 'batch.items', { jobId: job.id })).items;
    expect(items.filter((i) => i.status === 'done')).toHaveLength(scans.good.length);
    expect(items.filter((i) => i.status === 'failed').map((i) => i.relativePath)).toEqual([scans.broken]);
    await expect(page.getByTestId('batch-result')).toHaveCount(scans.good.length);
  } finally {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(scans.root, { recursive: true, force: true });
  }
});

test('colorize library images picked in the Batch view, with a library image as the reference and colour inputs on their luminance', async ({ page, served }) => {
  test.setTimeout(180_000);
  for (const sample of ['bee', 'chickens', 'cow']) {
    execFileSync(process.execPath, [CLI, 'import', join(SAMPLES_DIR, `gcompris-${sample}.jpg`), '--data-dir', served.dataDir]);
  }
  const output = mkdtempSync(join(tmpdir(), 'kintsugi-batch-library-'));
  try {
    await page.goto(served.openUrl);
    await page.getByTestId('nav-batch').click();
    await page.getByTestId('batch-source-images').click();
    await expect(page.getByTestId('batch-form-problem')).toHaveText('Choose the library images');

    // Two inputs from the library picker.
    await page.getByTestId('batch-choose-images').click();
    const picker = page.getByTestId('library-picker');
    await expect(picker.getByTestId('library-picker-item')).toHaveCount(3);
    await picker.getByTestId('library-picker-item').filter({ hasText: 'bee' }).click();
    await picker.getByTestId('library-picker-item').filter({ hasText: 'chickens' }).click();
    await expect(picker).toContainText('2 images chosen.');
    await picker.getByTestId('library-picker-done').click();
    await expect(page.getByTestId('batch-image-count')).toHaveText('2 images chosen');

    // The cow as the colour reference, from the library too.
    await page.getByTestId('batch-add-reference-library').click();
    await picker.getByTestId('library-picker-item').filter({ hasText: 'cow' }).click();
    await expect(picker).toContainText('1 reference chosen (at most 16).');
    await picker.getByTestId('library-picker-done').click();
    await expect(page.getByTestId('batch-reference-image')).toHaveCount(1);

    // The photos already have colour: colorize their grey tones rather than skip them; write PNGs named by index.
    await page.getByTestId('batch-already-colour').selectOption('luminance');
    await page.getByTestId('batch-output-folder').fill(output);
    await page.getByTestId('batch-format').selectOption('png');
    await expect(page.getByTestId('batch-quality')).toBeDisabled();
    await page.getByTestId('batch-name-pattern').fill('photo');
    await expect(page.getByTestId('batch-form-problem')).toContainText('needs {name} or {index}');
    await page.getByTestId('batch-name-pattern').fill('{index}-{name}');
    await page.getByTestId('batch-create').click();

    await expect(page.getByTestId('batch-status')).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });
    await expect(page.getByTestId('batch-done')).toHaveText('2 done');
    await expect(page.getByTestId('batch-result')).toHaveCount(2);
    expect(filesUnder(output)).toEqual(['0001-gcompris-bee.png', '0002-gcompris-chickens.png']);
    const [job] = await callServed(served, 'batch.list', {});
    expect(job!.params).toMatchObject({
      input: { type: 'images' },
      output: { format: 'png', namePattern: '{index}-{name}' },
      operation: { kind: 'colorize', engine: 'reference', referencePaths: [], alreadyColour: 'luminance' },
    });
    expect(job!.params.operation.kind === 'colorize' && job!.params.operation.referenceImageIds).toHaveLength(1);
  } finally {
    rmSync(output, { recursive: true, force: true });
  }
});
