import { protocol } from 'electron';
import { MEDIA_PROTOCOL, parseMediaPath, type MediaKind } from '../../src-shared/contract/media.js';
import { toErrorData } from '../router/error-mapping.js';

export type MediaSource = (kind: MediaKind, id: number) => Promise<{ contentType: string; data: Buffer }>;

/** Must run before the app is ready: a standard, secure scheme that fetch() and CORS-clean canvases may use. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: MEDIA_PROTOCOL, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
  ]);
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

/**
 * Serve `kintsugi-media://<kind>/<id>`: library records only, so the page can never name an arbitrary file.
 * (A standard scheme parses `<kind>` as the host.)
 */
export function handleMediaProtocol(media: MediaSource, log: (line: string) => void): void {
  protocol.handle(MEDIA_PROTOCOL, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(404, 'Not found');
    }
    const target = parseMediaPath(`${url.hostname}${url.pathname}`);
    if (!target) return plain(404, 'Not found');
    try {
      const { contentType, data } = await media(target.kind, target.id);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(data), {
        headers: {
          'Content-Type': contentType,
          'Content-Length': String(data.byteLength),
          'Cache-Control': 'no-cache',
          'X-Content-Type-Options': 'nosniff',
          // Lets the editor draw the pixels on a canvas and read them back (img.crossOrigin = 'anonymous').
          'Access-Control-Allow-Origin': '*',
        },
      });
    } catch (err) {
      const error = toErrorData(err);
      if (error.code === 'E_NOT_FOUND') return plain(404, error.message);
      log(`media ${url.href} failed: ${error.code} ${error.message}`);
      return plain(500, error.message);
    }
  });
}
