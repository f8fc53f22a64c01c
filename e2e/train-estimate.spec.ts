import { callServed } from './fixtures/api.js';
import { expect, test } from './fixtures/server.js';

test('the Train view measures the training speed here and sizes a default run for ten minutes of it', async ({ page, served }) => {
  test.setTimeout(180_000);
  await page.goto(served.openUrl);
  await page.getByTestId('nav-train').click();
  await page.getByTestId('train-size').selectOption('64');
  await page.getByTestId('train-batch').fill('2');
  await expect(page.getByTestId('train-steps')).toHaveValue('1200');
  await expect(page.getByTestId('train-estimate')).toHaveCount(0);

  await page.getByTestId('train-measure').click();
  const line = page.getByTestId('train-estimate');
  await expect(line).toBeVisible({ timeout: 120_000 });
  // The same measurement, kept by the server for this kind, size, batch and backend.
  const estimate = await callServed(served, 'training.estimate', { kind: 'colorize', size: 64, batchSize: 2, backend: 'auto' });
  expect(['tfjs-node', 'wasm']).toContain(estimate.backend);
  // The length was still the default: it now fits ten minutes on this machine.
  await expect(page.getByTestId('train-steps')).toHaveValue(String(estimate.tenMinuteSteps));
  const minutes = Math.round((estimate.tenMinuteSteps * estimate.secondsPerStep) / 60);
  await expect(line).toContainText(`≈ ${minutes} min of training on ${estimate.backend}`);

  // A length the user typed is theirs: the estimate follows it, and fitting ten minutes is one click.
  await page.getByTestId('train-steps').fill('100');
  await expect(line).toContainText(`on ${estimate.backend}`);
  await page.getByTestId('train-fit').click();
  await expect(page.getByTestId('train-steps')).toHaveValue(String(estimate.tenMinuteSteps));

  // Another size is another speed: the old figure is not shown for it.
  await page.getByTestId('train-size').selectOption('128');
  await expect(page.getByTestId('train-estimate')).toHaveCount(0);
});
