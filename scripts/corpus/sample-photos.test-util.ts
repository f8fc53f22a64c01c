// Tiny generated "photos" for the corpus tests: blocks of seeded random colour, blurred, so that two seeds give
// clearly different thumbnails and every seed is reproducible.
import sharp from 'sharp';

function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export async function samplePhoto(seed: number, width: number, height: number, format: 'jpeg' | 'png' = 'jpeg'): Promise<Buffer> {
  const next = random(seed * 7919 + 17);
  const cells = new Uint8Array(6 * 6 * 3).map(() => Math.floor(next() * 256));
  const img = sharp(cells, { raw: { width: 6, height: 6, channels: 3 } })
    .resize(width, height, { kernel: 'cubic', fit: 'fill' })
    .blur(2);
  return format === 'png' ? img.png().toBuffer() : img.jpeg({ quality: 92 }).toBuffer();
}

export function greyPhoto(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 120, g: 120, b: 120 } } })
    .png()
    .toBuffer();
}
