import type { HoleMask, RgbImage } from '../../engines/inpaint/engine.js';
import type { SeededRandom } from '../../engines/inpaint/random.js';

/** Block sizes of synthetic mosaics, as a fraction of the crop: what censor tools leave at typical photo scales. */
const MIN_BLOCK_FRACTION = 1 / 32;
const MAX_BLOCK_FRACTION = 1 / 8;

/** The range of mosaic block sizes (pixels) used at a working size. */
export function mosaicBlockRange(size: number): [number, number] {
  const min = Math.max(2, Math.round(size * MIN_BLOCK_FRACTION));
  return [min, Math.max(min, Math.round(size * MAX_BLOCK_FRACTION))];
}

/**
 * A mosaic inside the mask, as a censor tool makes one: the crop is cut into square cells of one block size (grid
 * offset random), and every masked pixel takes the mean colour of its whole cell. Pixels outside the mask are kept.
 * A mosaic-mode inpainter sees this as its input (the blocks are kept, not blanked) and learns to undo it.
 */
export function mosaicInsideMask(image: RgbImage, mask: HoleMask, block: number, offsetX: number, offsetY: number): RgbImage {
  const { width, height } = image;
  const data = new Uint8Array(image.data);
  for (let y0 = offsetY - block; y0 < height; y0 += block) {
    for (let x0 = offsetX - block; x0 < width; x0 += block) {
      const ys = Math.max(0, y0);
      const ye = Math.min(height, y0 + block);
      const xs = Math.max(0, x0);
      const xe = Math.min(width, x0 + block);
      let any = false;
      const sum = [0, 0, 0];
      for (let y = ys; y < ye; y++) {
        for (let x = xs; x < xe; x++) {
          const p = y * width + x;
          if (mask[p] !== 0) any = true;
          for (let k = 0; k < 3; k++) sum[k] = (sum[k] as number) + (image.data[p * 3 + k] as number);
        }
      }
      if (!any) continue;
      const count = (ye - ys) * (xe - xs);
      for (let y = ys; y < ye; y++) {
        for (let x = xs; x < xe; x++) {
          const p = y * width + x;
          if (mask[p] === 0) continue;
          for (let k = 0; k < 3; k++) data[p * 3 + k] = Math.round((sum[k] as number) / count);
        }
      }
    }
  }
  return { width, height, data };
}

/** A mosaic of a random block size (within mosaicBlockRange) and grid offset. */
export function randomMosaic(image: RgbImage, mask: HoleMask, random: SeededRandom): { image: RgbImage; block: number } {
  const [min, max] = mosaicBlockRange(image.width);
  const block = min + Math.floor(random.next() * (max - min + 1));
  const offsetX = Math.floor(random.next() * block);
  const offsetY = Math.floor(random.next() * block);
  return { image: mosaicInsideMask(image, mask, block, offsetX, offsetY), block };
}
