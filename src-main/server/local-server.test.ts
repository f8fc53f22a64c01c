import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { KintsugiError } from '../../src-shared/errors.js';
import { decodeWire, encodeWire } from '../../src-shared/wire-codec.js';
import { createRouter } from '../router/router.js';
import type { LocalServer } from './local-server.js';
import { rawBytes, rawRequest, startTestServer } from './test-server.js';

const TOKEN = 'test-token-0123456789';
let server: LocalServer;
/** `/s/<id>/`: this start's session folder. */
let folder: string;
let origin: string;

const raw = (path: string, opts: Parameters<typeof rawRequest>[2] = {}) => rawRequest(server.port, path, opts);
const bearer = { Authorization: `Bearer ${TOKEN}` };
const json = { 'Content-Type': 'application/json' };
const cookie = () => ({ Cookie: `kintsugi_session=${TOKEN}` });

beforeAll(async () => {
  const router = createRouter({
    'settings.get': () => ({ backend: 'auto' }),
    'library.get': (req, ctx) => {
      ctx.emit('library.changed', { projectId: req.id });
      throw new KintsugiError('E_NOT_FOUND', `No image ${req.id}`);
    },
    // A real filesystem call, so that what Node throws for a hostile path reaches the error mapping.
    'library.import': async (req) => {
      await stat(req.paths[0] ?? '');
      return { imported: [], duplicates: [], failed: [], skipped: [] };
    },
    'models.import': (req, ctx) => {
      ctx.files.assertReadable(req.path);
      throw new KintsugiError('E_BAD_MODEL', 'not a model');
    },
    'models.export': () => {
      throw new KintsugiError('E_IO', 'disk full');
    },
  });
  const media = async (kind: 'thumb' | 'image', id: number) => {
    if (id !== 1) throw new KintsugiError('E_NOT_FOUND', 'no such image');
    return { contentType: 'image/webp', data: Buffer.from(`${kind}-bytes`) };
  };
  server = await startTestServer(router, media, TOKEN);
  folder = new URL(server.url).pathname;
  origin = `http://127.0.0.1:${server.port}`;
});

afterAll(() => server.close());

describe('local server: token and session', () => {
  it('binds to loopback and prints a session-folder URL holding the token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/s\/[\w-]{12}\/$/);
    expect(server.openUrl).toBe(`${server.url}?token=${TOKEN}`);
  });

  it('refuses the page, the API and media without the token', async () => {
    for (const [path, method] of [['/', 'GET'], [folder, 'GET'], [`${folder}api/invoke/settings.get`, 'POST'], [`${folder}media/thumb/1`, 'GET'], [`${folder}assets/x.js`, 'GET']] as const) {
      const res = await raw(path, { method, headers: json });
      expect(res.status, path).toBe(401);
      expect(decodeWire(res.body)).toMatchObject({ ok: false, error: { code: 'E_UNAUTHORIZED' } });
    }
    expect((await raw(folder, { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
  });

  it('trades the URL token for an HttpOnly cookie scoped to the session folder, and drops it from the address', async () => {
    const res = await raw(`${folder}?token=${TOKEN}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(folder);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    // Cookies ignore the port: only the path keeps other servers on 127.0.0.1 from receiving it.
    expect(setCookie).toContain(`Path=${folder}`);
    const page = await raw(folder, { headers: { Cookie: setCookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Kintsugi</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
  });

  it('accepts the cookie only inside the session folder', async () => {
    expect((await raw(`${folder}api/session`, { headers: cookie() })).status).toBe(200);
    expect((await raw('/api/session', { headers: cookie() })).status).toBe(401);
  });

  it('rotates the session on every start: another start refuses this one’s cookie and folder', async () => {
    const other = await startTestServer(createRouter({}), (() => Promise.reject(new Error('none'))), 'another-token-0123456789');
    try {
      const otherFolder = new URL(other.url).pathname;
      expect(otherFolder).not.toBe(folder);
      // A page of an earlier start (its folder, its cookie) asks the new server.
      const stale = await rawRequest(other.port, `${folder}api/session`, { headers: cookie() });
      expect(stale.status).toBe(401);
      expect(decodeWire(stale.body)).toMatchObject({ ok: false, error: { code: 'E_UNAUTHORIZED', message: expect.stringContaining('restarted') } });
      expect((await rawRequest(other.port, `${otherFolder}api/session`, { headers: cookie() })).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('answers a page load without valid credentials with an HTML page that says what to do, not JSON', async () => {
    const reload = await raw('/s/earlier-start/', { headers: { ...cookie(), 'Sec-Fetch-Mode': 'navigate', Accept: 'text/html' } });
    expect(reload.status).toBe(401);
    expect(reload.headers['content-type']).toContain('text/html');
    expect(reload.body).toContain('Kintsugi was restarted');
    expect(reload.body).toContain('<code>kintsugi serve</code> printed');
    const bare = await raw('/', { headers: { Accept: 'text/html,application/xhtml+xml' } });
    expect(bare.status).toBe(401);
    expect(bare.body).toContain('needs its access key');
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const res = await raw(folder, { headers: { ...bearer, Host: 'evil.example:80' } });
    expect(res.status).toBe(403);
  });
});

describe('local server: cross-site requests', () => {
  const invoke = (headers: Record<string, string>) =>
    raw(`${folder}api/invoke/settings.get`, { method: 'POST', headers: { ...cookie(), ...headers }, body: '{}' });

  it("takes the page's own same-origin JSON requests", async () => {
    const res = await invoke({ ...json, Origin: origin, 'Sec-Fetch-Site': 'same-origin' });
    expect(res.status).toBe(200);
  });

  it('refuses a page of another local port, a sandboxed frame and another site, even with the cookie', async () => {
    const cases: Record<string, string>[] = [
      { Origin: 'http://127.0.0.1:9999', 'Sec-Fetch-Site': 'same-site' },
      { Origin: 'null' },
      { Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' },
      { 'Sec-Fetch-Site': 'same-site' },
    ];
    for (const headers of cases) {
      const res = await invoke({ ...json, ...headers });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(decodeWire(res.body)).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
    }
  });

  it('refuses invocations that are not JSON (a text/plain form or a no-cors fetch)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const res = await invoke({ 'Content-Type': type, Origin: origin });
      expect(res.status, type).toBe(400);
      expect(decodeWire(res.body)).toMatchObject({ ok: false, error: { code: 'E_INVALID_ARGUMENT', message: expect.stringContaining('application/json') } });
    }
    expect((await raw(`${folder}api/invoke/settings.get`, { method: 'POST', headers: cookie(), body: '{}' })).status).toBe(400);
  });

  it('refuses another site fetching media, but lets a link open the page', async () => {
    expect((await raw(`${folder}media/thumb/1`, { headers: { ...cookie(), 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'no-cors' } })).status).toBe(403);
    expect((await raw(folder, { headers: { ...cookie(), 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate' } })).status).toBe(200);
  });
});

describe('local server: contract over HTTP', () => {
  const call = (channel: string, body: string, headers: Record<string, string> = {}) =>
    raw(`/api/invoke/${channel}`, { method: 'POST', headers: { ...bearer, ...json, ...headers }, body });

  it('invokes a channel and returns the typed result, in the folder or at the root', async () => {
    for (const path of [`/api/invoke/settings.get`, `${folder}api/invoke/settings.get`]) {
      const res = await raw(path, { method: 'POST', headers: { ...bearer, ...json }, body: encodeWire({}) });
      expect(res.status).toBe(200);
      expect(decodeWire(res.body)).toEqual({ ok: true, value: { backend: 'auto' } });
    }
  });

  it('maps typed errors to HTTP status and keeps the code', async () => {
    const bad = await call('library.get', encodeWire({ id: 'x' }));
    expect(bad.status).toBe(400);
    expect(decodeWire(bad.body)).toMatchObject({ ok: false, error: { code: 'E_INVALID_ARGUMENT' } });
    const unbound = await call('files.pick', encodeWire({ kind: 'files' }));
    expect(unbound.status).toBe(501);
    expect((await raw('/api/invoke/settings.get', { headers: bearer })).status).toBe(405);
    const badModel = await call('models.import', encodeWire({ path: '/tmp/x.kintsugi-model' }));
    expect([badModel.status, (decodeWire(badModel.body) as { error: { code: string } }).error.code]).toEqual([422, 'E_BAD_MODEL']);
    const io = await call('models.export', encodeWire({ id: 1, path: '/tmp/x.kintsugi-model' }));
    expect([io.status, (decodeWire(io.body) as { error: { code: string } }).error.code]).toEqual([503, 'E_IO']);
  });

  it('refuses relative paths, which would resolve against the folder the server was started in', async () => {
    const res = await call('models.import', encodeWire({ path: 'sky.kintsugi-model' }));
    expect(res.status).toBe(400);
    expect(decodeWire(res.body)).toMatchObject({ ok: false, error: { code: 'E_INVALID_ARGUMENT', message: expect.stringContaining('relative path') } });
  });

  it.each([
    ['broken JSON', '{not json'],
    ['JSON nested 100k deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['an invalid $bytes', '{"paths":["a"],"x":{"$bytes":"@@@ not base64 @@@"}}'],
    ['a NUL in a path', encodeWire({ paths: ['/tmp/a\u0000b.png'] })],
    ['an over-long file name', encodeWire({ paths: [`/tmp/${'n'.repeat(5000)}.png`] })],
  ])('answers %s with a typed 400, not E_INTERNAL', async (_label, body) => {
    const res = await call('library.import', body);
    expect(res.status).toBe(400);
    expect(decodeWire(res.body)).toMatchObject({ ok: false, error: { code: 'E_INVALID_ARGUMENT' } });
  });

  it('answers malformed paths and cookies with a typed 4xx', async () => {
    const bad = await raw(`${folder}%ZZ`, { headers: bearer });
    expect(bad.status).toBe(400);
    expect(decodeWire(bad.body)).toMatchObject({ ok: false, error: { code: 'E_INVALID_ARGUMENT' } });
    expect((await raw(`${folder}a%00b.js`, { headers: bearer })).status).toBe(400);
    expect((await raw(`${folder}api/session`, { headers: { Cookie: 'kintsugi_session=%; x=%E0%A4%A' } })).status).toBe(401);
  });

  it('serves library media and nothing else', async () => {
    const ok = await raw(`${folder}media/thumb/1`, { headers: bearer });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('image/webp');
    expect(ok.body).toBe('thumb-bytes');
    expect((await raw(`${folder}media/image/2`, { headers: bearer })).status).toBe(404);
    // Resolves to /s/etc/passwd: no session folder of this start, so refused before any file is looked at.
    expect((await raw(`${folder}media/../../etc/passwd`, { headers: bearer })).status).toBe(401);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const path of [`${folder}../package.json`, `${folder}%2e%2e/%2e%2e/etc/passwd.txt`, `${folder}..%2fsecret.txt`, '/..%2f..%2fetc/passwd']) {
      expect((await raw(path, { headers: bearer })).status, path).toBeGreaterThanOrEqual(400);
      expect((await raw(path, { headers: bearer })).body).not.toContain('root:');
    }
  });
});

describe('local server: events', () => {
  const wsUrl = () => `ws://127.0.0.1:${server.port}${folder}api/events`;
  const attempt = (headers: Record<string, string>, url = wsUrl()) =>
    new Promise<string>((resolve) => {
      const ws = new WebSocket(url, { headers });
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
      ws.on('unexpected-response', (_req, res) => {
        resolve(`refused ${res.statusCode}`);
        ws.terminate();
      });
      ws.on('error', () => resolve('error'));
    });

  it('refuses a socket without the token or from another origin', async () => {
    expect(await attempt({})).toBe('refused 401');
    expect(await attempt({ ...cookie(), Origin: 'http://evil.example' })).toBe('refused 403');
    expect(await attempt({ ...cookie(), Origin: 'http://127.0.0.1:9999' })).toBe('refused 403');
    expect(await attempt({ ...cookie(), Origin: origin }, `ws://127.0.0.1:${server.port}/s/earlier-start/api/events`)).toBe('refused 401');
  });

  it.each([
    ['Origin: null (a sandboxed iframe)', { ...cookie(), Origin: 'null' }],
    ['a garbage Origin', { ...cookie(), Origin: '::::not a url' }],
    ['a malformed cookie', { Cookie: 'kintsugi_session=%; kintsugi_session=%E0%A4%A', Origin: 'OWN' }],
    ['no token at all', { Origin: 'null' }],
  ])('survives an upgrade with %s and keeps serving', async (_label, headers) => {
    // The table is built before the server starts: OWN stands for its origin.
    expect(await attempt({ ...headers, ...(headers.Origin === 'OWN' ? { Origin: origin } : {}) })).toMatch(/^refused 40[13]$/);
    expect((await raw(`${folder}api/session`, { headers: bearer })).status).toBe(200);
  });

  it('survives the reported curl upgrade and a broken request line', async () => {
    const upgrade = [
      `GET ${folder}api/events HTTP/1.1`,
      `Host: 127.0.0.1:${server.port}`,
      'Connection: Upgrade',
      'Upgrade: websocket',
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      'Origin: null',
      '',
      '',
    ].join('\r\n');
    expect(await rawBytes(server.port, upgrade)).toMatch(/^HTTP\/1\.1 401/);
    expect(await rawBytes(server.port, 'GET /\u0000\u0001 HTTP/9.9\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawBytes(server.port, `GET http://[ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`)).toMatch(/^HTTP\/1\.1 40\d/);
    expect((await raw(`${folder}api/session`, { headers: bearer })).status).toBe(200);
  });

  it('pushes events emitted by handlers to connected pages', async () => {
    const ws = new WebSocket(wsUrl(), { headers: { ...cookie(), Origin: origin } });
    await new Promise((resolve, reject) => {
      ws.on('open', resolve);
      ws.on('error', reject);
    });
    const received = new Promise<unknown>((resolve) => ws.on('message', (data: Buffer) => resolve(decodeWire(data.toString()))));
    await raw('/api/invoke/library.get', { method: 'POST', headers: { ...bearer, ...json }, body: encodeWire({ id: 5 }) });
    expect(await received).toEqual({ event: 'library.changed', payload: { projectId: 5 } });
    ws.close();
  });
});
