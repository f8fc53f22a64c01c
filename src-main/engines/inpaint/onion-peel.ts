import { randomInt, type Random } from './random.js';

/** Random source positions tried per pixel, on top of the ones its filled neighbours propagate. */
const RANDOM_CANDIDATES = 160;

/**
 * Fills the hole from its edge inwards, one ring at a time (Efros–Leung style): each pixel copies the centre of
 * the source patch that best matches what is already known or filled around it, trying the sources its filled
 * neighbours used (shifted by one, so runs of coherent copying continue) and a seeded sample of the rest. Unlike a
 * smooth fill, this carries edges and texture in from the border, so the coarsest PatchMatch level starts from
 * continued structure (arches, rails, horizons) instead of the blurred mean colour that pulls every match towards
 * the flattest part of the picture. `valid` marks patch centres whose whole (2r+1)² patch is known.
 */
export function onionPeelFill(
  data: Uint8Array,
  width: number,
  height: number,
  hole: Uint8Array,
  valid: Uint8Array,
  radius: number,
  random: Random,
): void {
  const n = width * height;
  const sources: number[] = [];
  for (let i = 0; i < n; i++) if (valid[i] === 1) sources.push(i);
  if (sources.length === 0) return;
  const filled = new Uint8Array(n);
  for (let i = 0; i < n; i++) filled[i] = hole[i] === 0 ? 1 : 0;
  const sourceOf = new Int32Array(n).fill(-1);
  const order = peelOrder(hole, width, height);

  const known = new Int32Array((2 * radius + 1) ** 2);
  for (const p of order) {
    const px = p % width;
    const py = (p - px) / width;
    // The pixels of p's patch already known or filled are the same for every candidate: list them once.
    let count = 0;
    for (let dy = Math.max(-radius, -py); dy <= Math.min(radius, height - 1 - py); dy++) {
      for (let dx = Math.max(-radius, -px); dx <= Math.min(radius, width - 1 - px); dx++) {
        const t = p + dy * width + dx;
        if (filled[t] === 1) known[count++] = t;
      }
    }
    let best = -1;
    let bestDistance = Infinity;
    const consider = (q: number): void => {
      if (q < 0 || q >= n || valid[q] !== 1) return;
      const offset = (q - p) * 3;
      let d = 0;
      for (let k = 0; k < count && d < bestDistance; k++) {
        const t = (known[k] as number) * 3;
        const r = (data[t] as number) - (data[t + offset] as number);
        const g = (data[t + 1] as number) - (data[t + offset + 1] as number);
        const b = (data[t + 2] as number) - (data[t + offset + 2] as number);
        d += r * r + g * g + b * b;
      }
      if (d < bestDistance) {
        bestDistance = d;
        best = q;
      }
    };
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const nx = px + dx;
        const ny = py + dy;
        if ((dx === 0 && dy === 0) || nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
        const s = sourceOf[ny * width + nx] as number;
        if (s < 0) continue;
        const sx = (s % width) - dx;
        if (sx < 0 || sx >= width) continue;
        consider(s - dy * width - dx);
      }
    }
    for (let k = 0; k < RANDOM_CANDIDATES; k++) consider(sources[randomInt(random, sources.length)] as number);
    if (best < 0) continue;
    data[p * 3] = data[best * 3] as number;
    data[p * 3 + 1] = data[best * 3 + 1] as number;
    data[p * 3 + 2] = data[best * 3 + 2] as number;
    sourceOf[p] = best;
    filled[p] = 1;
  }
}

/** Hole pixels by ring: breadth-first (8-connected) from the known pixels. */
function peelOrder(hole: Uint8Array, width: number, height: number): Int32Array {
  const n = width * height;
  const queued = new Uint8Array(n);
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (hole[i] === 0) queued[i] = 1;
  for (let i = 0; i < n; i++) {
    if (hole[i] === 0) continue;
    if (touches(queued, hole, width, height, i)) {
      queued[i] = 1;
      order[tail++] = i;
    }
  }
  while (head < tail) {
    const p = order[head++] as number;
    const px = p % width;
    const py = (p - px) / width;
    for (let ny = Math.max(0, py - 1); ny <= Math.min(height - 1, py + 1); ny++) {
      for (let nx = Math.max(0, px - 1); nx <= Math.min(width - 1, px + 1); nx++) {
        const q = ny * width + nx;
        if (queued[q] === 1) continue;
        queued[q] = 1;
        order[tail++] = q;
      }
    }
  }
  return order.subarray(0, tail);
}

/** Whether hole pixel `i` has a known 8-neighbour. */
function touches(queued: Uint8Array, hole: Uint8Array, width: number, height: number, i: number): boolean {
  const x = i % width;
  const y = (i - x) / width;
  for (let ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++) {
    for (let nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) if (hole[ny * width + nx] === 0) return true;
  }
  return false;
}
