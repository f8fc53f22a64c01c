import sharp from 'sharp';
import { KintsugiError } from '../../src-shared/errors.js';
import type { HoleMask } from '../engines/inpaint/engine.js';
import { decodeUpright, type ImageInput, type UprightRaster } from './rgb-pixels.js';

/**
 * Masks between files and engines. In memory a mask is a HoleMask (one byte per pixel, 255 = hole, 0 = keep) at the
 * image's displayed size; on the wire and in the library it is an 8-bit grey PNG of the same.
 */

export interface MaskSize {
  width: number;
  height: number;
}

/**
 * Luminance at or above this (0–255) is a hole in an imported mask: white = hole, and anti-aliased or JPEG-softened
 * edges split at the middle grey.
 */
export const MASK_THRESHOLD = 128;

/** Max per-channel distance from pure green (0,255,0); 0 = exact, the default. */
export const MAX_GREEN_TOLERANCE = 128;

function checkSize(raster: UprightRaster, expected: MaskSize): void {
  if (raster.width !== expected.width || raster.height !== expected.height) {
    throw new KintsugiError(
      'E_INVALID_ARGUMENT',
      `mask is ${raster.width}×${raster.height} but the image is ${expected.width}×${expected.height}`,
      { maskWidth: raster.width, maskHeight: raster.height, imageWidth: expected.width, imageHeight: expected.height },
    );
  }
}

/**
 * Decode a mask image of any channel layout (grey, grey + alpha, RGB, RGBA; any bit depth) to a HoleMask. A pixel is
 * a hole when its luminance (Rec. 601: 0.299 R + 0.587 G + 0.114 B), scaled by its alpha, is at least `threshold`:
 * white strokes on a transparent layer count as holes, the transparent rest as keep. EXIF orientation is applied, and
 * the upright size must equal the image's displayed size.
 */
export async function decodeMask(
  input: ImageInput,
  label: string,
  expected: MaskSize,
  threshold: number = MASK_THRESHOLD,
): Promise<HoleMask> {
  const raster = await decodeUpright(input, label, true);
  checkSize(raster, expected);
  const { data, channels } = raster;
  const mask = new Uint8Array(raster.width * raster.height);
  // Integer arithmetic: luminance x 1000 (x 255 more with alpha) against the threshold scaled the same way.
  const limit = threshold * 1000;
  for (let p = 0, o = 0; p < mask.length; p++, o += channels) {
    const luma = 299 * (data[o] as number) + 587 * (data[o + 1] as number) + 114 * (data[o + 2] as number);
    const hole = channels === 4 ? luma * (data[o + 3] as number) >= limit * 255 : luma >= limit;
    if (hole) mask[p] = 255;
  }
  return mask;
}

/**
 * Decode a green-painted copy of the image (DeepCreamPy style) to a HoleMask: a pixel is a hole when
 * max(|r|, |255 − g|, |b|) ≤ `tolerance`. 0 finds exactly (0,255,0); a copy saved as JPEG smears the green, and a
 * tolerance around 40 recovers the strokes without catching green foliage. Alpha is ignored.
 */
export async function decodeGreenMask(
  input: ImageInput,
  label: string,
  expected: MaskSize,
  tolerance = 0,
): Promise<HoleMask> {
  if (!Number.isInteger(tolerance) || tolerance < 0 || tolerance > MAX_GREEN_TOLERANCE) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `The green tolerance must be a whole number from 0 to ${MAX_GREEN_TOLERANCE}`);
  }
  const raster = await decodeUpright(input, label, false);
  checkSize(raster, expected);
  const { data } = raster;
  const mask = new Uint8Array(raster.width * raster.height);
  const minGreen = 255 - tolerance;
  for (let p = 0, o = 0; p < mask.length; p++, o += 3) {
    if ((data[o] as number) <= tolerance && (data[o + 1] as number) >= minGreen && (data[o + 2] as number) <= tolerance) {
      mask[p] = 255;
    }
  }
  return mask;
}

/** The mask as the contract's PNG: one 8-bit grey channel, exactly 255 or 0. */
export async function encodeMaskPng(mask: HoleMask, size: MaskSize): Promise<Buffer> {
  if (mask.length !== size.width * size.height) {
    throw new KintsugiError('E_INTERNAL', `A ${size.width}×${size.height} mask needs ${size.width * size.height} pixels, got ${mask.length}`);
  }
  // Raw one-channel input is taken for sRGB; b-w makes the PNG a true grey one (colour type 0), a third the size.
  return sharp(mask, { raw: { width: size.width, height: size.height, channels: 1 } })
    .toColourspace('b-w')
    .png({ compressionLevel: 9 })
    .toBuffer();
}

/** Fraction of the pixels that are holes, 0–1. */
export function maskCoverage(mask: HoleMask): number {
  if (mask.length === 0) return 0;
  let holes = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) holes++;
  return holes / mask.length;
}
