/**
 * Telea (2004) fast-marching inpainting. Hole pixels are filled in order of their distance to the known region (an
 * eikonal front marching inwards); each is a weighted average of already-known pixels in a small disc, weighted by
 * nearness, by alignment with the front's normal and by being on the same level set. It is smooth and seamless at
 * the hole's edge, which makes it the right tool for thin scratches and text, the start of PatchMatch's coarsest
 * level, and the seam blend in regions.ts; it cannot make texture.
 */

const KNOWN = 0;
const BAND = 1;
const INSIDE = 2;
const FAR = 1e6;

export interface FastMarchingOptions {
  /** Radius of the averaging disc, in pixels. */
  radius?: number;
  /**
   * Stop once the front is this far inside the hole; deeper pixels keep their values. Lets callers that only need the
   * fill near the hole's edge (the seam feather) skip the rest.
   */
  maxDistance?: number;
}

/** Min-heap of pixel indices keyed by arrival time; every pixel is pushed at most once, so capacity is known. */
class ArrivalHeap {
  private readonly keys: Float32Array;
  private readonly items: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float32Array(capacity);
    this.items = new Int32Array(capacity);
  }

  push(key: number, item: number): void {
    const { keys, items } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((keys[parent] as number) <= key) break;
      keys[i] = keys[parent] as number;
      items[i] = items[parent] as number;
      i = parent;
    }
    keys[i] = key;
    items[i] = item;
  }

  /** Removes the earliest pixel; the caller reads `lastKey` for its time. */
  pop(): number {
    const { keys, items } = this;
    const top = items[0] as number;
    this.lastKey = keys[0] as number;
    const n = --this.size;
    const key = keys[n] as number;
    const item = items[n] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && (keys[child + 1] as number) < (keys[child] as number)) child++;
      if ((keys[child] as number) >= key) break;
      keys[i] = keys[child] as number;
      items[i] = items[child] as number;
      i = child;
    }
    keys[i] = key;
    items[i] = item;
    return top;
  }

  lastKey = 0;
}

/**
 * Fills the pixels where `hole` is non-zero, in place, in `data` (interleaved RGB, `width * height * 3`). Pixels
 * outside the hole are only read; a hole with no known pixel at all is left as it is. Returns each pixel's arrival
 * distance from the hole's edge (0 for known pixels, 1 next to them, about 1e6 where the march never reached).
 */
export function fastMarchingFill(
  data: Uint8Array,
  width: number,
  height: number,
  hole: Uint8Array,
  options: FastMarchingOptions = {},
): Float32Array {
  const radius = options.radius ?? 5;
  const maxDistance = options.maxDistance ?? Infinity;
  const n = width * height;
  const flag = new Uint8Array(n);
  const time = new Float32Array(n);
  let holes = 0;
  for (let i = 0; i < n; i++) {
    if (hole[i] !== 0) {
      flag[i] = INSIDE;
      time[i] = FAR;
      holes++;
    }
  }
  if (holes === 0) return time;

  // The front starts on the known pixels that touch the hole.
  const heap = new ArrivalHeap(n);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (flag[i] !== KNOWN) continue;
      if (
        (x > 0 && flag[i - 1] === INSIDE) ||
        (x < width - 1 && flag[i + 1] === INSIDE) ||
        (y > 0 && flag[i - width] === INSIDE) ||
        (y < height - 1 && flag[i + width] === INSIDE)
      ) {
        flag[i] = BAND;
        heap.push(0, i);
      }
    }
  }

  const flagAt = (x: number, y: number): number =>
    x < 0 || y < 0 || x >= width || y >= height ? INSIDE : (flag[y * width + x] as number);
  const timeAt = (x: number, y: number): number =>
    x < 0 || y < 0 || x >= width || y >= height ? FAR : (time[y * width + x] as number);

  // Eikonal update from two perpendicular neighbours (as in Telea's paper and OpenCV's implementation).
  const solve = (x1: number, y1: number, x2: number, y2: number): number => {
    const a = timeAt(x1, y1);
    const b = timeAt(x2, y2);
    const aKnown = flagAt(x1, y1) !== INSIDE;
    const bKnown = flagAt(x2, y2) !== INSIDE;
    if (aKnown && bKnown) {
      const d = a - b;
      return Math.abs(d) >= 1 ? 1 + Math.min(a, b) : (a + b + Math.sqrt(2 - d * d)) * 0.5;
    }
    if (aKnown) return 1 + a;
    if (bKnown) return 1 + b;
    return FAR;
  };

  const r2 = radius * radius;
  const fill = (x: number, y: number): void => {
    const i = y * width + x;
    const t = time[i] as number;
    // Normal of the front: the gradient of the arrival time.
    const tr = flagAt(x + 1, y) !== INSIDE;
    const tl = flagAt(x - 1, y) !== INSIDE;
    const td = flagAt(x, y + 1) !== INSIDE;
    const tu = flagAt(x, y - 1) !== INSIDE;
    const gx = tr && tl ? (timeAt(x + 1, y) - timeAt(x - 1, y)) * 0.5 : tr ? timeAt(x + 1, y) - t : tl ? t - timeAt(x - 1, y) : 0;
    const gy = td && tu ? (timeAt(x, y + 1) - timeAt(x, y - 1)) * 0.5 : td ? timeAt(x, y + 1) - t : tu ? t - timeAt(x, y - 1) : 0;
    let sr = 0;
    let sg = 0;
    let sb = 0;
    let sw = 0;
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(height - 1, y + radius);
    const x0 = Math.max(0, x - radius);
    const x1 = Math.min(width - 1, x + radius);
    for (let qy = y0; qy <= y1; qy++) {
      const dy = y - qy;
      for (let qx = x0; qx <= x1; qx++) {
        const q = qy * width + qx;
        if (flag[q] === INSIDE) continue;
        const dx = x - qx;
        const d2 = dx * dx + dy * dy;
        if (d2 > r2 || d2 === 0) continue;
        let dir = (dx * gx + dy * gy) / Math.sqrt(d2);
        if (Math.abs(dir) <= 0.01) dir = 0.01;
        const w = Math.abs(dir) / (d2 * (1 + Math.abs((time[q] as number) - t)));
        const o = q * 3;
        sr += w * (data[o] as number);
        sg += w * (data[o + 1] as number);
        sb += w * (data[o + 2] as number);
        sw += w;
      }
    }
    if (sw > 0) {
      const o = i * 3;
      data[o] = Math.round(sr / sw);
      data[o + 1] = Math.round(sg / sw);
      data[o + 2] = Math.round(sb / sw);
    }
  };

  while (heap.size > 0) {
    const p = heap.pop();
    if (heap.lastKey > maxDistance) break;
    flag[p] = KNOWN;
    const px = p % width;
    const py = (p - px) / width;
    for (let k = 0; k < 4; k++) {
      const x = k === 0 ? px - 1 : k === 1 ? px + 1 : px;
      const y = k === 2 ? py - 1 : k === 3 ? py + 1 : py;
      if (x < 0 || y < 0 || x >= width || y >= height) continue;
      const q = y * width + x;
      if (flag[q] !== INSIDE) continue;
      time[q] = Math.min(
        solve(x - 1, y, x, y - 1),
        solve(x + 1, y, x, y - 1),
        solve(x - 1, y, x, y + 1),
        solve(x + 1, y, x, y + 1),
      );
      flag[q] = BAND;
      fill(x, y);
      heap.push(time[q] as number, q);
    }
  }
  return time;
}
