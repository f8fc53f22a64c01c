import { KintsugiError } from '../../../src-shared/errors.js';

/** Loads and decodes an image URL of the app (library image or result) into an <img> ready to draw. */
export async function decodeImage(url: string, name: string): Promise<HTMLImageElement> {
  const img = new Image();
  // CORS-clean pixels: without it a kintsugi-media:// image taints the canvas and masks could not read it back.
  img.crossOrigin = 'anonymous';
  img.decoding = 'async';
  img.src = url;
  try {
    await img.decode();
  } catch {
    // An <img> cannot say why a load failed; the server's log and the record's format are where to look next.
    throw new KintsugiError('E_BAD_IMAGE', `The pixels of "${name}" could not be loaded or decoded`);
  }
  return img;
}
