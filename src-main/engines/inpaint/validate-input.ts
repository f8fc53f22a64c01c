import { KintsugiError } from '../../../src-shared/errors.js';
import type { HoleMask, RgbImage } from './engine.js';

/**
 * The checks every entry point (each engine and the region planner) makes before any work, so a bad mask fails the
 * same way whichever path received it. Returns the number of hole pixels.
 */
export function validateInpaintInput(image: RgbImage, mask: HoleMask): number {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `The image size ${width}x${height} is not valid`);
  }
  if (data.length !== width * height * 3) {
    throw new KintsugiError(
      'E_INVALID_ARGUMENT',
      `The image data holds ${data.length} bytes, but ${width}x${height} RGB needs ${width * height * 3}`,
    );
  }
  if (mask.length !== width * height) {
    throw new KintsugiError(
      'E_INVALID_ARGUMENT',
      `The mask has ${mask.length} pixels but the image is ${width}x${height} (${width * height} pixels): they must be the same size`,
      { imageWidth: width, imageHeight: height, maskPixels: mask.length },
    );
  }
  let holes = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] !== 0) holes++;
  if (holes === 0) {
    throw new KintsugiError('E_INVALID_ARGUMENT', 'The mask is empty: paint over what should be repaired');
  }
  if (holes === mask.length) {
    throw new KintsugiError(
      'E_INVALID_ARGUMENT',
      'The mask covers the whole image: leave some of the image unpainted so there is something to copy from',
    );
  }
  return holes;
}
