import sharp from 'sharp';
import { KintsugiError } from '../../src-shared/errors.js';
import type { RgbImage } from '../engines/inpaint/engine.js';
import { decodeError } from './decode-error.js';
import { DECODE_OPTIONS } from './thumbnail.js';

/** Decoded pixels as shown: upright by EXIF orientation, sRGB, 8 bits per channel, 3 channels or 4 with alpha. */
export interface UprightRaster {
  width: number;
  height: number;
  channels: number;
  data: Buffer;
}

/** A file path, or the file's bytes (with the name to use in messages). */
export type ImageInput = string | Uint8Array;

/**
 * Decode an image the way the editor shows it. Every operation reads pixels through here, so a mask, a green copy
 * and the photo line up pixel for pixel whatever their EXIF orientation, bit depth or colour space (grey and CMYK
 * become sRGB, 16-bit becomes 8-bit). The pixel limit and truncation checks of every full decode apply.
 */
export async function decodeUpright(input: ImageInput, label: string, keepAlpha: boolean): Promise<UprightRaster> {
  try {
    let pipeline = sharp(input, DECODE_OPTIONS).rotate().toColourspace('srgb');
    if (!keepAlpha) pipeline = pipeline.removeAlpha();
    const { data, info } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, channels: info.channels, data };
  } catch (err) {
    throw readError(err, input, label);
  }
}

/** decodeError, but a file that is not there is E_NOT_FOUND rather than a bad image. */
export function readError(err: unknown, input: ImageInput, label: string): KintsugiError {
  if (typeof input === 'string' && err instanceof Error && /input file is missing/i.test(err.message)) {
    return new KintsugiError('E_NOT_FOUND', `File not found: ${input}`);
  }
  return decodeError(err, label);
}

/** The RGB pixels an engine works on. */
export async function decodeRgb(input: ImageInput, label: string): Promise<RgbImage> {
  const { width, height, data } = await decodeUpright(input, label, false);
  return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** A version's pixels as the PNG stored under `<dataDir>/results/` (lossless, no metadata: that stays with the original). */
export function encodeRgbPng(image: RgbImage): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } }).png().toBuffer();
}
