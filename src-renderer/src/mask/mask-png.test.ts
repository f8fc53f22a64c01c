import { describe, expect, it } from 'vitest';
import { createMask } from './bitmap.js';
import { crc32, encodeMaskPng } from './mask-png.js';

async function inflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('encodeMaskPng', () => {
  it('writes an 8-bit greyscale PNG, 255 = hole, with valid chunk CRCs', async () => {
    const mask = createMask(3, 2);
    mask.data.set([1, 0, 0, 0, 1, 1]);
    const png = await encodeMaskPng(mask);
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const view = new DataView(png.buffer, png.byteOffset);
    const chunks: { type: string; data: Uint8Array }[] = [];
    for (let at = 8; at < png.length; ) {
      const length = view.getUint32(at);
      const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
      expect(view.getUint32(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
      chunks.push({ type, data: png.slice(at + 8, at + 8 + length) });
      at += 12 + length;
    }
    expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(Array.from(chunks[0]!.data)).toEqual([0, 0, 0, 3, 0, 0, 0, 2, 8, 0, 0, 0, 0]);
    expect(Array.from(await inflate(chunks[1]!.data as Uint8Array<ArrayBuffer>))).toEqual([0, 255, 0, 0, 0, 0, 255, 255]);
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
});
