/**
 * Media (image pixels, thumbnails) are not JSON: each transport serves them at a URL of its own
 * (`kintsugi-media://` in Electron, `/media/…` on the local server). Only library records are reachable, so the
 * renderer can never name an arbitrary file.
 */
/**
 * `result/<id>` is a version made by an operation (PNG), by result id rather than image id; `preview/<id>` is the
 * newest preview grid of a training run, by run id. `batch-input/<id>` and `batch-output/<id>` are a batch job's file
 * and its result, by job item id (upright, in a browser-native format). `generated/<id>` is an image a GAN made, kept
 * in a temporary folder until it is saved to the library, by the id `generate.sample` or `generate.interpolate` gave it.
 */
export const MEDIA_KINDS = ['thumb', 'image', 'result', 'preview', 'batch-input', 'batch-output', 'generated'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/**
 * Path part shared by both transports: `<kind>/<id>`, with `?v=<version>` when the caller knows what names the
 * pixels' content (a hash, the time they were made). Servers ignore the query; it is there so that pixels that
 * could change under one id (a retried batch item, a cache from before ids stopped being reused) get a new URL,
 * and no cache can answer with the old ones.
 */
export function mediaPath(kind: MediaKind, id: number, version?: string): string {
  return version === undefined ? `${kind}/${id}` : `${kind}/${id}?v=${encodeURIComponent(version)}`;
}

export function parseMediaPath(path: string): { kind: MediaKind; id: number } | null {
  const m = /^\/?(thumb|image|result|preview|batch-input|batch-output|generated)\/(\d{1,15})$/.exec(path);
  if (!m) return null;
  return { kind: m[1] as MediaKind, id: Number(m[2]) };
}

/** The custom protocol the Electron shell registers. */
export const MEDIA_PROTOCOL = 'kintsugi-media';
