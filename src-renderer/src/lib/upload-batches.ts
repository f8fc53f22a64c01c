/** Limits of one `library.importUploads` call: bytes travel base64-encoded in one request body on the server. */
export const UPLOAD_BATCH_MAX_FILES = 32;
export const UPLOAD_BATCH_MAX_BYTES = 64 * 2 ** 20;

export interface Sized {
  size: number;
}

/**
 * Splits files into batches of at most `maxFiles` and `maxBytes`, keeping their order. A file larger than
 * `maxBytes` travels alone rather than being refused here: the server decides what it accepts and reports it.
 */
export function planUploadBatches<T extends Sized>(
  files: readonly T[],
  maxFiles = UPLOAD_BATCH_MAX_FILES,
  maxBytes = UPLOAD_BATCH_MAX_BYTES,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && (current.length >= maxFiles || bytes + file.size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
