import { createMask, type MaskBitmap } from './bitmap.js';

/** Draws a mask as text rows ('#' = hole, '.' = keep) and back, so tests can state exact pixels. */
export function maskToRows(mask: MaskBitmap): string[] {
  const rows: string[] = [];
  for (let y = 0; y < mask.height; y++) {
    let row = '';
    for (let x = 0; x < mask.width; x++) row += mask.data[y * mask.width + x] ? '#' : '.';
    rows.push(row);
  }
  return rows;
}

export function maskFromRows(rows: readonly string[]): MaskBitmap {
  const mask = createMask(rows[0]?.length ?? 0, rows.length);
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) mask.data[y * mask.width + x] = row[x] === '#' ? 1 : 0;
  });
  return mask;
}

/** A small deterministic generator, so random-looking tests repeat exactly. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
