import { resizeRgb } from '../../engines/colorize/resize-plane.js';
import type { RgbImage } from '../../engines/inpaint/engine.js';
import type { SeededRandom } from '../../engines/inpaint/random.js';

/** A `size`×`size` window of an image whose top-left corner is (x, y), optionally mirrored left-right. */
export function crop(image: RgbImage, size: number, x: number, y: number, flip: boolean): RgbImage {
  if (x < 0 || y < 0 || x + size > image.width || y + size > image.height) {
    throw new RangeError(`A ${size}px crop at (${x}, ${y}) does not fit in ${image.width}×${image.height}`);
  }
  const data = new Uint8Array(size * size * 3);
  for (let row = 0; row < size; row++) {
    const from = ((y + row) * image.width + x) * 3;
    const to = row * size * 3;
    if (!flip) {
      data.set(image.data.subarray(from, from + size * 3), to);
      continue;
    }
    for (let col = 0; col < size; col++) {
      const s = from + (size - 1 - col) * 3;
      const d = to + col * 3;
      data[d] = image.data[s] as number;
      data[d + 1] = image.data[s + 1] as number;
      data[d + 2] = image.data[s + 2] as number;
    }
  }
  return { width: size, height: size, data };
}

/**
 * A random square of the photo, between `size` and the photo's shorter side, shrunk to `size` and mirrored at
 * random (training augmentation). Random scale, not only random position: a few hundred photos otherwise offer
 * so few distinct views that the network learns each photo's colours by heart within minutes, and inference
 * shows the model the whole shorter side at `size` (the scale of this range's largest crops).
 */
export function randomCrop(image: RgbImage, size: number, random: SeededRandom): RgbImage {
  const shorter = Math.min(image.width, image.height);
  const side = size + Math.floor(random.next() * (shorter - size + 1));
  const x = Math.floor(random.next() * (image.width - side + 1));
  const y = Math.floor(random.next() * (image.height - side + 1));
  return resizeRgb(crop(image, side, x, y, random.next() < 0.5), size, size);
}

/**
 * The centre square of the shorter side shrunk to `size`: the fixed view validation and previews use, so their
 * numbers compare across steps, at the scale inference works at.
 */
export function centreCrop(image: RgbImage, size: number): RgbImage {
  const side = Math.min(image.width, image.height);
  return resizeRgb(crop(image, side, Math.floor((image.width - side) / 2), Math.floor((image.height - side) / 2), false), size, size);
}
