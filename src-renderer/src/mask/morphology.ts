import type { MaskBitmap } from './bitmap.js';

/**
 * Grows the holes by `radius` pixels: a pixel becomes a hole when a hole lies within that Euclidean distance
 * (centre to centre). Exact distances by the separable transform of Felzenszwalb & Huttenlocher, so the cost is
 * linear in the pixel count whatever the radius. In place.
 */
export function growMask(mask: MaskBitmap, radius: number): void {
  withinDistance(mask, 1, radius);
}

/** Shrinks the holes by `radius` pixels: the same as growing what is kept. In place. */
export function shrinkMask(mask: MaskBitmap, radius: number): void {
  withinDistance(mask, 0, radius);
}

/** Sets every pixel within `radius` of a pixel of value `target` to `target`. */
function withinDistance(mask: MaskBitmap, target: 0 | 1, radius: number): void {
  const n = Math.floor(radius);
  if (n <= 0) return;
  const { width, height, data } = mask;
  // Pass 1, per column: distance to the nearest target pixel above or below, capped at n + 1 (farther never counts).
  const cap = n + 1;
  const column = new Uint16Array(width * height);
  for (let x = 0; x < width; x++) {
    let d = cap;
    for (let y = 0; y < height; y++) {
      const i = y * width + x;
      d = data[i] === target ? 0 : Math.min(cap, d + 1);
      column[i] = d;
    }
    d = cap;
    for (let y = height - 1; y >= 0; y--) {
      const i = y * width + x;
      d = data[i] === target ? 0 : Math.min(cap, d + 1);
      if (d < column[i]!) column[i] = d;
    }
  }
  // Pass 2, per row: the lower envelope of parabolas gives the exact squared 2-D distance.
  const limit = n * n;
  const f = new Float64Array(width);
  const dist = new Float64Array(width);
  const v = new Int32Array(width);
  const z = new Float64Array(width + 1);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const c = column[row + x]!;
      f[x] = c * c;
    }
    distanceTransform1d(f, width, dist, v, z);
    for (let x = 0; x < width; x++) if (dist[x]! <= limit) data[row + x] = target;
  }
}

/** Squared distance transform of a sampled function (Felzenszwalb & Huttenlocher 2012, algorithm 1). */
function distanceTransform1d(f: Float64Array, n: number, d: Float64Array, v: Int32Array, z: Float64Array): void {
  let k = 0;
  v[0] = 0;
  z[0] = -Infinity;
  z[1] = Infinity;
  for (let q = 1; q < n; q++) {
    // z[0] is -Infinity, so this stops at k = 0 at the latest (every f here is finite).
    let s = intersection(f, q, v[k]!);
    while (s <= z[k]!) {
      k--;
      s = intersection(f, q, v[k]!);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    d[q] = (q - p) * (q - p) + f[p]!;
  }
}

/** Where the parabolas rooted at q and p cross. */
function intersection(f: Float64Array, q: number, p: number): number {
  return (f[q]! + q * q - (f[p]! + p * p)) / (2 * q - 2 * p);
}
