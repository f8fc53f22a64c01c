// Photos with (almost) no colour teach a colorizer to answer grey, so the corpus leaves them out.
import type { RgbImage } from '../../src-main/engines/inpaint/engine.js';

/** Mean of max(R,G,B) - min(R,G,B) below this (0-255) counts as grey. Measured on the packages: b/w photos 0-1.1,
 * steel tools on white 2.6-7 (those stay: their few coloured pixels are real). */
export const GREY_CHROMA_BELOW = 2.5;

/** Over the opaque pixels only when `alpha` is given (a cut-out's transparent surround has no colour to speak of). */
export function meanChroma(image: RgbImage, alpha: Uint8Array | null = null): number {
  const { data } = image;
  const pixels = data.length / 3;
  // Every 7th pixel is plenty for a mean and keeps a 20-megapixel photo cheap.
  const step = 7;
  let sum = 0;
  let n = 0;
  for (let i = 0; i < pixels; i += step) {
    if (alpha !== null && alpha[i]! < 128) continue;
    n++;
    const r = data[i * 3]!;
    const g = data[i * 3 + 1]!;
    const b = data[i * 3 + 2]!;
    sum += Math.max(r, g, b) - Math.min(r, g, b);
  }
  return sum / Math.max(1, n);
}
