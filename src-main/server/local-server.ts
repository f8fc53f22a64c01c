import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { KintsugiError, type ErrorData, type InvokeResult } from '../../src-shared/errors.js';
import { parseMediaPath } from '../../src-shared/contract/media.js';
import { HTTP_PATHS, SESSION_ENDED, SESSION_MISSING, SESSION_PREFIX, TOKEN_QUERY } from '../../src-shared/transport/http-protocol.js';
import { decodeWire, encodeWire } from '../../src-shared/wire-codec.js';
import type { App } from '../app/create-app.js';
import { toErrorData } from '../router/error-mapping.js';
import type { CallContext } from '../router/types.js';
import { credentialOf, isAllowedHost, isLoopbackHost, newSession, sessionCookie, sessionFolder, type Credential, type Session } from './auth.js';
import { EventsSocket } from './events-socket.js';
import { httpStatusOf } from './http-status.js';
import { foreignOriginReason, isJsonRequest, isPageRequest } from './request-guard.js';
import { setSecurityHeaders } from './security-headers.js';
import { ServerFileAccess } from './server-file-access.js';
import { sessionPage } from './session-page.js';
import { readStatic } from './static-files.js';

/** What the server needs of the app: the router and the media it may hand out. */
export type ServedApp = Pick<App, 'router' | 'media'>;

export interface LocalServerOptions {
  app: ServedApp;
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string;
  host?: string;
  port?: number;
  /** Fixed token for tests; a random one, new on every start, otherwise. */
  token?: string;
  /** Largest request body; dropped files arrive base64-encoded in the body. */
  maxBodyBytes?: number;
}

export interface LocalServer {
  /** The session folder's address, without the token. */
  url: string;
  /** The URL to open, token included. */
  openUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
  res.end(body);
}

function sendResult(res: ServerResponse, result: InvokeResult<unknown>): void {
  send(res, result.ok ? 200 : httpStatusOf(result.error.code), 'application/json; charset=utf-8', encodeWire(result));
}

function sendError(res: ServerResponse, error: ErrorData): void {
  sendResult(res, { ok: false, error });
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const tooLarge = () => new KintsugiError('E_INVALID_ARGUMENT', `Request body exceeds ${Math.round(limit / 2 ** 20)} MiB`);
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function decodeRequest(body: string): unknown {
  try {
    return body ? decodeWire(body) : {};
  } catch (err) {
    // Not only SyntaxError: a nesting too deep for the reviver (RangeError) or a broken `$bytes` (DOMException).
    throw new KintsugiError('E_INVALID_ARGUMENT', `Request body is not valid wire JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Where a request points: this start's session folder, another (earlier) start's, or the root (scripts). */
type Place = { kind: 'session'; rest: string } | { kind: 'stale' } | { kind: 'root'; rest: string };

function placeOf(pathname: string, session: Session): Place {
  const folder = sessionFolder(session);
  if (pathname === folder.slice(0, -1)) return { kind: 'session', rest: '' };
  if (pathname.startsWith(folder)) return { kind: 'session', rest: pathname.slice(folder.length) };
  if (pathname.startsWith(SESSION_PREFIX)) return { kind: 'stale' };
  return { kind: 'root', rest: pathname.slice(1) };
}

type Admission =
  | { ok: true; url: URL; place: Exclude<Place, { kind: 'stale' }>; credential: Credential }
  | { ok: false; status: number; error: ErrorData; page?: string };

/** The checks every request and upgrade passes, in order: a parsable target, our Host, this start's token, our origin. */
function admit(req: IncomingMessage, session: Session, boundHost: string): Admission {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return { ok: false, status: 400, error: { code: 'E_INVALID_ARGUMENT', message: 'Malformed request target' } };
  }
  if (!isAllowedHost(req.headers.host, boundHost)) {
    return { ok: false, status: 403, error: { code: 'E_FORBIDDEN', message: 'Forbidden host' } };
  }
  const place = placeOf(url.pathname, session);
  const credential = place.kind === 'stale' ? null : credentialOf(req, url, session, place.kind === 'session');
  if (place.kind === 'stale' || !credential) {
    const text = place.kind === 'stale' ? SESSION_ENDED : SESSION_MISSING;
    return {
      ok: false,
      status: 401,
      error: { code: 'E_UNAUTHORIZED', message: `${text.title}. ${text.lines.join(' ')}` },
      ...(isPageRequest(req) ? { page: sessionPage(text) } : {}),
    };
  }
  const foreign = foreignOriginReason(req);
  if (foreign) return { ok: false, status: 403, error: { code: 'E_FORBIDDEN', message: foreign } };
  return { ok: true, url, place, credential };
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/** What Node's parser could not read, as the status its own default handler would give. */
function clientErrorStatus(err: Error): number {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

/** A bare status line, then close: for upgrades and for requests Node's parser rejected, which have no response object. */
function refuseRaw(socket: Duplex, status: number): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  else socket.destroy();
}

/** `kintsugi serve`: the contract's router, media and the built renderer over HTTP + WebSocket, behind a token. */
export async function startLocalServer(opts: LocalServerOptions): Promise<LocalServer> {
  const host = opts.host ?? '127.0.0.1';
  const session = newSession(opts.token);
  const maxBody = opts.maxBodyBytes ?? 512 * 2 ** 20;
  const events = new EventsSocket();
  const ctx: CallContext = {
    emit: (event, payload) => events.broadcast({ event, payload }),
    files: new ServerFileAccess(),
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    const admission = admit(req, session, host);
    if (!admission.ok) {
      if (admission.page) return send(res, admission.status, 'text/html; charset=utf-8', admission.page);
      return sendError(res, admission.error);
    }
    const { url, place, credential } = admission;
    if (credential === 'query' && req.method === 'GET') {
      // Trade the token in the URL for the session cookie at once, so it does not linger in the address bar or history.
      url.searchParams.delete(TOKEN_QUERY);
      res.writeHead(303, { 'Set-Cookie': sessionCookie(session), Location: sessionFolder(session) + place.rest + url.search, 'Cache-Control': 'no-store' });
      return void res.end();
    }
    const path = place.rest;
    if (path.startsWith(HTTP_PATHS.invoke)) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain', 'Use POST');
      if (!isJsonRequest(req)) return sendError(res, { code: 'E_INVALID_ARGUMENT', message: 'Invocations must be sent as Content-Type: application/json' });
      const channel = path.slice(HTTP_PATHS.invoke.length);
      const request = decodeRequest(await readBody(req, maxBody));
      return sendResult(res, await opts.app.router.invoke(channel, request, ctx));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'Method not allowed');
    if (path === HTTP_PATHS.session) return sendResult(res, { ok: true, value: {} });
    if (path.startsWith(HTTP_PATHS.media)) {
      const media = parseMediaPath(path.slice(HTTP_PATHS.media.length));
      if (!media) return send(res, 404, 'text/plain', 'Not found');
      const file = await opts.app.media(media.kind, media.id);
      res.writeHead(200, { 'Content-Type': file.contentType, 'Cache-Control': 'private, max-age=3600' });
      return void res.end(req.method === 'HEAD' ? undefined : file.data);
    }
    const file = await readStatic(opts.rendererDir, path);
    if (!file) return send(res, 404, 'text/plain', 'Not found');
    res.writeHead(200, { 'Content-Type': file.contentType, 'Cache-Control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : file.data);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, toErrorData(err));
      else res.destroy();
    });
  });

  // Whatever arrives on an upgrade, answer it or drop it: nothing a client sends may throw out of here.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    try {
      const admission = admit(req, session, host);
      if (!admission.ok) return refuseRaw(socket, admission.status);
      if (admission.place.rest !== HTTP_PATHS.events) return refuseRaw(socket, 404);
      events.accept(req, socket, head);
    } catch {
      refuseRaw(socket, 400);
    }
  });

  // A request Node's parser cannot read (bad request line, broken headers): a plain 400, then close.
  server.on('clientError', (err: Error, socket: Duplex) => refuseRaw(socket, clientErrorStatus(err)));

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
  const url = `http://${isLoopbackHost(host) && host !== '::1' ? '127.0.0.1' : shownHost}:${port}${sessionFolder(session)}`;
  return {
    url,
    openUrl: `${url}?${TOKEN_QUERY}=${session.token}`,
    token: session.token,
    port,
    close: () =>
      new Promise<void>((resolveClose) => {
        events.close();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
