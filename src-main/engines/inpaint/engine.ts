import type { EngineInfo, InpaintMode } from '../../../src-shared/contract/index.js';

/** Interleaved 8-bit RGB pixels, row-major: `data.length === width * height * 3`. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** One byte per pixel, row-major, same size as the image: 255 = hole (to fill), 0 = known. */
export type HoleMask = Uint8Array;

export interface InpaintRequest {
  image: RgbImage;
  mask: HoleMask;
  /** `mosaic`: the hole holds a pixelated version of what was there; use its block colours as a guide. */
  mode: InpaintMode;
  seed: number;
  /** Checked between iterations; an aborted run throws KintsugiError E_CANCELLED. */
  signal: AbortSignal;
  onProgress(fraction: number, stage: string): void;
}

/**
 * One restoration method. Engines see a crop around one hole region (regions.ts does the cropping and the pasting
 * back), and return a full image of the crop's size; only hole pixels of the answer are used.
 */
export interface InpaintEngine {
  readonly info: EngineInfo;
  inpaint(request: InpaintRequest): Promise<RgbImage>;
}
