import { basename } from 'node:path';
import { KintsugiError } from '../../src-shared/errors.js';

/** libvips/sharp messages come as several lines; the first is the useful one. */
function firstLine(message: string): string {
  return message.split('\n')[0]?.trim() ?? message;
}

/**
 * Turn a sharp failure into a typed error with a message a user can act on. `format` is what the header said,
 * when it could be read.
 */
export function decodeError(err: unknown, path: string, format?: string): KintsugiError {
  if (err instanceof KintsugiError) return err;
  const raw = err instanceof Error ? err.message : String(err);
  const name = basename(path);
  if (/unsupported image format/i.test(raw)) return new KintsugiError('E_BAD_IMAGE', `not an image: ${name}`);
  if (/pixel limit/i.test(raw)) return new KintsugiError('E_IMAGE_TOO_LARGE', `${name} is larger than the pixel limit`);
  if (format === 'jpeg' || /VipsJpeg/.test(raw)) {
    return new KintsugiError('E_BAD_IMAGE', `truncated or corrupt JPEG: ${name} (${firstLine(raw)})`);
  }
  if (/premature end|truncated|corrupt/i.test(raw)) {
    return new KintsugiError('E_BAD_IMAGE', `truncated or corrupt ${format ?? 'image'}: ${name} (${firstLine(raw)})`);
  }
  return new KintsugiError('E_BAD_IMAGE', `cannot decode ${name}: ${firstLine(raw)}`);
}
