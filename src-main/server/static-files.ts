import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

/** Read a file of the built renderer (`/` is index.html; the app has no client-side routes). Null when absent. */
export async function readStatic(rootDir: string, urlPath: string): Promise<{ contentType: string; data: Buffer } | null> {
  const rel = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  const target = rel === '' ? 'index.html' : rel;
  const full = join(rootDir, target);
  if (full !== rootDir && !full.startsWith(rootDir + sep)) return null;
  try {
    const data = await readFile(full);
    return { contentType: CONTENT_TYPES[extname(full)] ?? 'application/octet-stream', data };
  } catch {
    return null;
  }
}
