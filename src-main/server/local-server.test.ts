import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { KintsugiError } from '../../src-shared/errors.js';
import { decodeWire, encodeWire } from '../../src-shared/wire-codec.js';
import { createRouter } from '../router/router.js';
import { startLocalServer, type LocalServer } from './local-server.js';

const TOKEN = 'test-token-0123456789';
let server: LocalServer;

/** Raw request so tests control the Host header (fetch forbids setting it). */
function raw(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const bearer = { Authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'kintsugi-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Kintsugi</title>');
  const router = createRouter({
    'settings.get': () => ({ backend: 'auto' }),
    'library.get': (req, ctx) => {
      ctx.emit('library.changed', { projectId: req.id });
      throw new KintsugiError('E_NOT_FOUND', `No image ${req.id}`);
    },
  });
  const media = async (kind: 'thumb' | 'image', id: number) => {
    if (id !== 1) throw new KintsugiError('E_NOT_FOUND', 'no such image');
    return { contentType: 'image/webp', data: Buffer.from(`${kind}-bytes`) };
  };
  server = await startLocalServer({ app: { router, media }, rendererDir, port: 0, token: TOKEN });
});

afterAll(() => server.close());

describe('local server: token', () => {
  it('binds to loopback and prints a URL holding the token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.openUrl).toBe(`${server.url}?token=${TOKEN}`);
  });

  it('refuses the page, the API and media without the token', async () => {
    for (const [path, method] of [['/', 'GET'], ['/api/invoke/settings.get', 'POST'], ['/media/thumb/1', 'GET'], ['/assets/x.js', 'GET']] as const) {
      const res = await raw(path, { method });
      expect(res.status, path).toBe(401);
      expect(decodeWire(res.body)).toMatchObject({ ok: false, error: { code: 'E_UNAUTHORIZED' } });
    }
    expect((await raw('/', { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('trades the URL token for an HttpOnly cookie and drops it from the address', async () => {
    const res = await raw(`/?token=${TOKEN}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await raw('/', { headers: { Cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Kintsugi</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
  });

  it("logs in with the URL's token even when the browser still sends a previous server's cookie", async () => {
    const res = await raw(`/?token=${TOKEN}`, { headers: { Cookie: 'kintsugi_token=old-server-token' } });
    expect(res.status).toBe(303);
    expect(String(res.headers['set-cookie'])).toContain(encodeURIComponent(TOKEN));
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const res = await raw('/', { headers: { ...bearer, Host: 'evil.example:80' } });
    expect(res.status).toBe(403);
  });
});

describe('local server: contract over HTTP', () => {
  it('invokes a channel and returns the typed result', async () => {
    const res = await raw('/api/invoke/settings.get', { method: 'POST', headers: bearer, body: encodeWire({}) });
    expect(res.status).toBe(200);
    expect(decodeWire(res.body)).toEqual({ ok: true, value: { backend: 'auto' } });
  });

  it('maps typed errors to HTTP status and keeps the code', async () => {
    const bad = await raw('/api/invoke/library.get', { method: 'POST', headers: bearer, body: encodeWire({ id: 'x' }) });
    expect(bad.status).toBe(400);
    expect(decodeWire(bad.body)).toMatchObject({ ok: false, error: { code: 'E_INVALID_ARGUMENT' } });
    const broken = await raw('/api/invoke/library.get', { method: 'POST', headers: bearer, body: '{not json' });
    expect(decodeWire(broken.body)).toMatchObject({ ok: false, error: { code: 'E_INVALID_ARGUMENT' } });
    const unbound = await raw('/api/invoke/files.pick', { method: 'POST', headers: bearer, body: encodeWire({ kind: 'files' }) });
    expect(unbound.status).toBe(501);
    expect((await raw('/api/invoke/settings.get', { headers: bearer })).status).toBe(405);
  });

  it('serves library media and nothing else', async () => {
    const ok = await raw('/media/thumb/1', { headers: bearer });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('image/webp');
    expect(ok.body).toBe('thumb-bytes');
    expect((await raw('/media/image/2', { headers: bearer })).status).toBe(404);
    expect((await raw('/media/../../etc/passwd', { headers: bearer })).status).toBe(404);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd.txt', '/..%2fsecret.txt']) {
      expect((await raw(path, { headers: bearer })).status, path).toBe(404);
    }
  });
});

describe('local server: events', () => {
  const wsUrl = () => `ws://127.0.0.1:${server.port}/api/events`;

  it('refuses a socket without the token or from another origin', async () => {
    const attempt = (headers: Record<string, string>) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(wsUrl(), { headers });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('error', () => resolve('refused'));
      });
    expect(await attempt({})).toBe('refused');
    expect(await attempt({ ...bearer, Origin: 'http://evil.example' })).toBe('refused');
  });

  it('pushes events emitted by handlers to connected pages', async () => {
    const ws = new WebSocket(wsUrl(), { headers: { Cookie: `kintsugi_token=${TOKEN}`, Origin: `http://127.0.0.1:${server.port}` } });
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    const received = new Promise<unknown>((resolve) => ws.on('message', (data: Buffer) => resolve(decodeWire(data.toString()))));
    await raw('/api/invoke/library.get', { method: 'POST', headers: bearer, body: encodeWire({ id: 5 }) });
    expect(await received).toEqual({ event: 'library.changed', payload: { projectId: 5 } });
    ws.close();
  });
});
