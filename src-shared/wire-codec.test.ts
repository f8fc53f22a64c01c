import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from './wire-codec.js';

describe('wire codec', () => {
  it('round-trips JSON values and byte arrays nested anywhere', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    const value = { files: [{ name: 'a.png', bytes }], n: 3, s: 'x', nested: { empty: new Uint8Array(0) } };
    const back = decodeWire(encodeWire(value)) as typeof value;
    expect(back.n).toBe(3);
    expect(back.files[0]?.bytes).toBeInstanceOf(Uint8Array);
    expect(Array.from(back.files[0]?.bytes ?? [])).toEqual(Array.from(bytes));
    expect(back.nested.empty).toBeInstanceOf(Uint8Array);
    expect(back.nested.empty.length).toBe(0);
  });

  it('leaves objects that merely have a $bytes key among others alone', () => {
    const value = { $bytes: 'AAAA', other: 1 };
    expect(decodeWire(encodeWire(value))).toEqual(value);
  });
});
