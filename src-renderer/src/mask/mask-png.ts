import { maskFromRgba, type MaskBitmap } from './bitmap.js';

/**
 * The contract's mask file: an 8-bit greyscale PNG at the image's size, 255 = hole, 0 = keep. Written here directly
 * (one IDAT, filter 0, zlib via CompressionStream) rather than through a canvas, which could only write RGBA and
 * would need a 4-byte-a-pixel copy of a 24-megapixel mask first.
 */
export async function encodeMaskPng(mask: MaskBitmap): Promise<Uint8Array<ArrayBuffer>> {
  const { width, height, data } = mask;
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width + 1);
    // raw[row] stays 0: filter type "None".
    for (let x = 0, i = y * width; x < width; x++, i++) raw[row + 1 + x] = data[i] ? 255 : 0;
  }
  const idat = await deflate(raw);
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit, greyscale, deflate, adaptive filtering, no interlace
  return concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}

/**
 * Reads a mask PNG (any PNG the browser decodes: grey, RGB or RGBA) into a mask, a pixel being a hole when its grey
 * value is ≥ 128. Needs a DOM (createImageBitmap, OffscreenCanvas); refuses a file of another size than the image.
 */
export async function decodeMaskPng(png: Uint8Array<ArrayBuffer>, width: number, height: number): Promise<MaskBitmap> {
  const bitmap = await createImageBitmap(new Blob([png], { type: 'image/png' }), {
    colorSpaceConversion: 'none',
    premultiplyAlpha: 'none',
  });
  try {
    if (bitmap.width !== width || bitmap.height !== height) {
      throw new Error(`The mask is ${bitmap.width} × ${bitmap.height} but the image is ${width} × ${height}`);
    }
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('No 2D canvas to decode the mask');
    ctx.drawImage(bitmap, 0, 0);
    return maskFromRgba(ctx.getImageData(0, 0, width, height).data, width, height);
  } finally {
    bitmap.close();
  }
}

const PNG_SIGNATURE = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);

async function deflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function chunk(type: string, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, payload.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(payload, 8);
  view.setUint32(8 + payload.length, crc32(out.subarray(4, 8 + payload.length)));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

let crcTable: Uint32Array | null = null;

/** CRC-32 as PNG chunks use it (ISO 3309, reflected, 0xEDB88320). */
export function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
