import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { callServed } from './fixtures/api.js';
import { expect, test } from './fixtures/server.js';
import { startServe } from './fixtures/start-serve.js';

/** A port free right now, so a second start of `serve` can take the very address the first one had. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Raw bytes to the server; resolves with what it answered before closing. */
function rawAnswer(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    socket.write(text);
  });
}

test.describe('browser mode across server restarts', () => {
  let dataDir: string;
  test.beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kintsugi-e2e-restart-'));
  });
  test.afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('a restart tells the open page what to do, and a reload gets a page that says the same, not raw JSON', async ({ page }) => {
    test.setTimeout(180_000);
    const port = await freePort();
    let server = await startServe(dataDir, { port });
    try {
      await page.goto(server.served.openUrl);
      await expect(page.getByTestId('library-empty')).toBeVisible();
      await expect(page.locator('.status .link')).toHaveText('Ready');

      // Stopped: the page knows it lost the link and keeps trying.
      await server.stop();
      await expect(page.locator('.status .link')).toHaveText('Reconnecting…');

      // Started again on the same address, with a new token: the page cannot get back in by itself, and says so.
      server = await startServe(dataDir, { port });
      expect(server.served.openUrl).not.toBe(page.url());
      const ended = page.getByTestId('session-ended');
      await expect(ended).toBeVisible({ timeout: 30_000 });
      await expect(ended).toContainText('Kintsugi was restarted');
      await expect(ended).toContainText('Open the address that kintsugi serve printed');

      // A reload gets the server's page with the same advice.
      const reload = await page.reload();
      expect(reload?.status()).toBe(401);
      expect(reload?.headers()['content-type']).toContain('text/html');
      await expect(page.getByTestId('session-page')).toContainText('Kintsugi was restarted');
      await expect(page.locator('body')).not.toContainText('E_UNAUTHORIZED');

      // The address the new start printed works in the same tab, and the app is usable again.
      await page.goto(server.served.openUrl);
      await expect(page.getByTestId('library-empty')).toBeVisible();
      await expect(page.locator('.status .link')).toHaveText('Ready');
      await expect(page.getByTestId('session-ended')).toHaveCount(0);
    } finally {
      await server.stop();
    }
  });

  test('stopping the server during a batch pauses the job and says so in one line', async () => {
    test.setTimeout(180_000);
    const input = join(dataDir, 'scans');
    mkdirSync(input);
    for (let i = 0; i < 6; i++) {
      const noise = { type: 'gaussian' as const, mean: 120, sigma: 40 };
      await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#000', noise } }).greyscale().png().toFile(join(input, `scan-${i}.png`));
    }
    await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 200, g: 120, b: 60 } } }).png().toFile(join(dataDir, 'reference.png'));
    const server = await startServe(join(dataDir, 'library'));
    const { job } = await callServed(server.served, 'batch.create', {
      input: { type: 'folder', folder: input, recursive: true },
      output: { folder: join(dataDir, 'colour') },
      operation: { kind: 'colorize', engine: 'reference', referencePaths: [join(dataDir, 'reference.png')] },
    });
    await expect.poll(async () => (await callServed(server.served, 'batch.get', { jobId: job.id })).counts.done, { timeout: 120_000 }).toBeGreaterThan(0);
    const before = server.output().length;
    await server.stop();
    const said = server.output().slice(before).trim();
    expect(said).toBe(`Kintsugi stopped: batch job ${job.id} paused where it stood (resume from Batch; no finished file is redone).`);

    // The next start offers it for resume.
    const again = await startServe(join(dataDir, 'library'));
    try {
      const [paused] = await callServed(again.served, 'batch.list', {});
      expect(paused).toMatchObject({ id: job.id, status: 'paused', pauseReason: 'interrupted' });
    } finally {
      await again.stop();
    }
  });

  test('no request takes the server down: the reported upgrade with Origin: null, a broken cookie, a bad request line', async ({ served }) => {
    const { port, pathname } = new URL(served.url);
    const upgrade = (origin: string, cookie: string) =>
      [
        `GET ${pathname}api/events HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        'Connection: Upgrade',
        'Upgrade: websocket',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
        `Origin: ${origin}`,
        ...(cookie ? [`Cookie: ${cookie}`] : []),
        '',
        '',
      ].join('\r\n');
    expect(await rawAnswer(Number(port), upgrade('null', ''))).toMatch(/^HTTP\/1\.1 401/);
    expect(await rawAnswer(Number(port), upgrade('::garbage::', 'kintsugi_session=%'))).toMatch(/^HTTP\/1\.1 40[13]/);
    expect(await rawAnswer(Number(port), 'GET /\u0001 HTTP/1.1\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    // Still serving.
    expect(await callServed(served, 'settings.get', {})).toMatchObject({ backend: expect.any(String) });
  });
});
