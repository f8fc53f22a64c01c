import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KintsugiError, type ErrorCode, type InvokeResult } from '../../src-shared/errors.js';
import { parseMediaPath } from '../../src-shared/contract/media.js';
import { HTTP_PATHS, TOKEN_QUERY } from '../../src-shared/transport/http-protocol.js';
import { decodeWire, encodeWire } from '../../src-shared/wire-codec.js';
import { OpenFileAccess } from '../app/open-file-access.js';
import type { App } from '../app/create-app.js';
import { toErrorData } from '../router/error-mapping.js';
import type { CallContext } from '../router/types.js';
import { isAllowedHost, isAuthorized, isLoopbackHost, newToken, tokenCookie } from './auth.js';
import { EventsSocket } from './events-socket.js';
import { setSecurityHeaders } from './security-headers.js';
import { readStatic } from './static-files.js';

/** What the server needs of the app: the router and the media it may hand out. */
export type ServedApp = Pick<App, 'router' | 'media'>;

export interface LocalServerOptions {
  app: ServedApp;
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string;
  host?: string;
  port?: number;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
  /** Largest request body; dropped files arrive base64-encoded in the body. */
  maxBodyBytes?: number;
}

export interface LocalServer {
  url: string;
  /** The URL to open, token included. */
  openUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  E_INVALID_ARGUMENT: 400,
  E_UNAUTHORIZED: 401,
  E_FORBIDDEN: 403,
  E_NOT_FOUND: 404,
  E_DUPLICATE: 409,
  E_IMAGE_TOO_LARGE: 413,
  E_BAD_IMAGE: 422,
  E_UNSUPPORTED: 501,
};

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  res.end(body);
}

function sendResult(res: ServerResponse, result: InvokeResult<unknown>): void {
  const status = result.ok ? 200 : (STATUS_OF[result.error.code] ?? 500);
  send(res, status, 'application/json; charset=utf-8', encodeWire(result));
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new KintsugiError('E_INVALID_ARGUMENT', `Request body exceeds ${Math.round(limit / 2 ** 20)} MiB`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `kintsugi serve`: the contract's router, media and the built renderer over HTTP + WebSocket, behind a token. */
export async function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? newToken();
  const maxBody = opts.maxBodyBytes ?? 512 * 2 ** 20;
  const events = new EventsSocket();
  const ctx: CallContext = {
    emit: (event, payload) => events.broadcast({ event, payload }),
    files: new OpenFileAccess(),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!isAllowedHost(req.headers.host, host)) return send(res, 403, 'text/plain', 'Forbidden host');
    const auth = isAuthorized(req, url, token);
    if (!auth.ok) {
      const result: InvokeResult<never> = {
        ok: false,
        error: { code: 'E_UNAUTHORIZED', message: 'Missing or wrong token: open the URL that `kintsugi serve` printed' },
      };
      return sendResult(res, result);
    }
    if (auth.via === 'query' && req.method === 'GET') {
      // Trade the token in the URL for a cookie at once, so it does not linger in the address bar or history.
      url.searchParams.delete(TOKEN_QUERY);
      res.writeHead(303, { 'Set-Cookie': tokenCookie(token), Location: url.pathname + url.search, 'Cache-Control': 'no-store' });
      return void res.end();
    }
    if (url.pathname.startsWith(HTTP_PATHS.invoke)) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain', 'Use POST');
      const channel = url.pathname.slice(HTTP_PATHS.invoke.length);
      let request: unknown;
      try {
        const body = await readBody(req, maxBody);
        request = body ? decodeWire(body) : {};
      } catch (err) {
        const data = err instanceof SyntaxError ? { code: 'E_INVALID_ARGUMENT' as const, message: `Request body is not valid JSON: ${err.message}` } : toErrorData(err);
        return sendResult(res, { ok: false, error: data });
      }
      return sendResult(res, await opts.app.router.invoke(channel, request, ctx));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method not allowed');
    if (url.pathname.startsWith(HTTP_PATHS.media)) {
      const media = parseMediaPath(url.pathname.slice(HTTP_PATHS.media.length));
      if (!media) return send(res, 404, 'text/plain', 'Not found');
      try {
        const file = await opts.app.media(media.kind, media.id);
        res.writeHead(200, { 'Content-Type': file.contentType, 'Cache-Control': 'private, max-age=3600' });
        return void res.end(req.method === 'HEAD' ? undefined : file.data);
      } catch (err) {
        return sendResult(res, { ok: false, error: toErrorData(err) });
      }
    }
    const file = await readStatic(opts.rendererDir, url.pathname);
    if (!file) return send(res, 404, 'text/plain', 'Not found');
    res.writeHead(200, { 'Content-Type': file.contentType, 'Cache-Control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : file.data);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendResult(res, { ok: false, error: toErrorData(err) });
      else res.destroy();
    });
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    // Browsers send Origin on WebSocket upgrades; only our own page may listen to events.
    const sameOrigin = !origin || new URL(origin).host === req.headers.host;
    if (url.pathname !== HTTP_PATHS.events || !isAllowedHost(req.headers.host, host) || !sameOrigin || !isAuthorized(req, url, token).ok) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    events.accept(req, socket, head);
  });

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'EADDRINUSE'
          ? new KintsugiError('E_IO', `Port ${opts.port} on ${host} is already in use; choose another with --port`)
          : err,
      );
    });
    server.listen(opts.port ?? 0, host, () => resolvePromise());
  });

  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${isLoopbackHost(host) && host !== '::1' ? '127.0.0.1' : shownHost}:${port}/`;
  return {
    url,
    openUrl: `${url}?${TOKEN_QUERY}=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        events.close();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
