import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Router } from '../router/router.js';
import { startLocalServer, type LocalServer, type ServedApp } from './local-server.js';

/** A real server on a free loopback port over a one-page renderer folder, for the server's tests. */
export async function startTestServer(router: Router, media: ServedApp['media'], token: string): Promise<LocalServer> {
  const rendererDir = mkdtempSync(join(tmpdir(), 'kintsugi-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Kintsugi</title>');
  return startLocalServer({ app: { router, media }, rendererDir, port: 0, token });
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request with every header under the test's control (fetch forbids setting Host, Origin, Cookie). */
export function rawRequest(
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/**
 * Bytes straight onto a TCP socket, for what no HTTP client would send; resolves with everything the server
 * answered before it closed (or `timeoutMs` passed, or the server reset the connection).
 */
export function rawBytes(port: number, bytes: string | Buffer, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(done, timeoutMs);
    socket.on('data', (c: Buffer) => (answer += c.toString('latin1')));
    socket.on('end', done);
    socket.on('close', done);
    socket.on('error', done);
    socket.write(bytes);
  });
}
