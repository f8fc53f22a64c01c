// Photo cut-outs (tuxpaint-stamps: animals, fruit, flowers on transparency) laid over crops of the corpus's own
// photos, so the objects' true colours reach training without a black or white void around them.
import sharp from 'sharp';
import type { UprightRaster } from '../../src-main/images/rgb-pixels.js';

export interface Placement {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Longer side of the cut-out in each composite, as a fraction of the crop: one close, one further away. */
const FRACTIONS = [0.85, 0.6] as const;
/** Small stamps are enlarged at most this much, so they do not turn to mush. */
const MAX_UPSCALE = 1.4;
/** A cut-out whose longer side is under this is too small to use. */
export const MIN_CUTOUT_SIDE = 128;

/** One placement per fraction, its position drawn from the cut-out's hash so re-runs agree. */
export function placements(width: number, height: number, size: number, idHex: string): Placement[] {
  return FRACTIONS.map((fraction, k) => {
    const scale = Math.min((fraction * size) / Math.max(width, height), MAX_UPSCALE);
    const w = Math.max(1, Math.round(width * scale));
    const h = Math.max(1, Math.round(height * scale));
    const rx = Number.parseInt(idHex.slice(8 + k * 4, 10 + k * 4), 16) / 255;
    const ry = Number.parseInt(idHex.slice(10 + k * 4, 12 + k * 4), 16) / 255;
    return { left: Math.round(rx * (size - w)), top: Math.round(ry * (size - h)), width: w, height: h };
  });
}

export async function encodeComposite(cutout: UprightRaster, background: Buffer, at: Placement, size: number): Promise<Buffer> {
  const stamp = await sharp(cutout.data, { raw: { width: cutout.width, height: cutout.height, channels: cutout.channels as 3 | 4 } })
    .resize(at.width, at.height, { kernel: 'lanczos3', fit: 'fill' })
    .png()
    .toBuffer();
  return sharp(background)
    .resize(size, size)
    .composite([{ input: stamp, left: at.left, top: at.top }])
    .jpeg({ quality: 90, mozjpeg: true })
    .toBuffer();
}
