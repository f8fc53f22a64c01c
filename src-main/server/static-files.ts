import { readFile } from 'node:fs/promises';
import { KintsugiError } from '../../src-shared/errors.js';
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

function decodePath(urlPath: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    throw new KintsugiError('E_INVALID_ARGUMENT', 'Malformed percent-encoding in the path');
  }
  if (decoded.includes('\0')) throw new KintsugiError('E_INVALID_ARGUMENT', 'NUL in the path');
  return decoded;
}

/**
 * Read a file of the built renderer by its path inside the app's folder (`''` is index.html; the app has no
 * client-side routes). Null when absent or outside the folder.
 */
export async function readStatic(rootDir: string, urlPath: string): Promise<{ contentType: string; data: Buffer } | null> {
  const rel = normalize(decodePath(urlPath)).replace(/^([/\\])+/, '');
  const target = rel === '' || rel === '.' ? 'index.html' : rel;
  const full = join(rootDir, target);
  if (full !== rootDir && !full.startsWith(rootDir + sep)) return null;
  try {
    const data = await readFile(full);
    return { contentType: CONTENT_TYPES[extname(full)] ?? 'application/octet-stream', data };
  } catch {
    return null;
  }
}
