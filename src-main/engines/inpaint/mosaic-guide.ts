/**
 * Reads the pixelation inside a hole (DeepCreamPy's "mosaic" case): the block size and grid origin from the runs of
 * equal colour, and each block's colour. Those colours are the average of what was really there, so the engines use
 * them as a guide instead of throwing them away.
 */

/** Two colours closer than this (per channel) count as the same block colour; absorbs JPEG noise. */
const SAME_COLOUR = 6;
/** A block whose hole pixels vary more than this (RMS per channel) is not a mosaic block (e.g. paint overspill). */
const MAX_BLOCK_DEVIATION = 10;
const MAX_BLOCK = 64;

export interface MosaicGuide {
  blockWidth: number;
  blockHeight: number;
  /** The grid's first full block starts at (originX, originY), both in [0, block size). */
  originX: number;
  originY: number;
  /** Per pixel RGB: the block colour for guided pixels (0 elsewhere). */
  colours: Uint8Array;
  /** Per pixel: 1 where the pixel is in the hole and its block is a clean mosaic block. */
  guided: Uint8Array;
}

interface AxisGrid {
  size: number;
  origin: number;
  votes: number;
}

/**
 * Finds the block size and origin along one axis from runs of equal colour that start and end at a colour change
 * inside the hole (runs cut by the hole's edge say nothing about the block size).
 */
function detectAxis(
  data: Uint8Array,
  hole: Uint8Array,
  lines: number,
  length: number,
  index: (line: number, pos: number) => number,
): AxisGrid | null {
  const runVotes = new Int32Array(MAX_BLOCK + 1);
  const edges: number[] = [];
  for (let line = 0; line < lines; line++) {
    let start = -1;
    let startBoundedByChange = false;
    for (let pos = 0; pos <= length; pos++) {
      const i = pos < length ? index(line, pos) : -1;
      const inHole = i >= 0 && hole[i] !== 0;
      if (start >= 0) {
        const s = index(line, start) * 3;
        const same =
          inHole &&
          Math.abs((data[i * 3] as number) - (data[s] as number)) <= SAME_COLOUR &&
          Math.abs((data[i * 3 + 1] as number) - (data[s + 1] as number)) <= SAME_COLOUR &&
          Math.abs((data[i * 3 + 2] as number) - (data[s + 2] as number)) <= SAME_COLOUR;
        if (same) continue;
        if (inHole) {
          // A colour change inside the hole closes the run and marks a block edge.
          edges.push(pos);
          const run = pos - start;
          if (startBoundedByChange && run <= MAX_BLOCK) runVotes[run] = (runVotes[run] as number) + 1;
          start = pos;
          startBoundedByChange = true;
        } else {
          start = -1;
        }
      } else if (inHole) {
        start = pos;
        startBoundedByChange = false;
      }
    }
  }
  let size = 0;
  let best = 0;
  for (let run = 2; run <= MAX_BLOCK; run++) {
    // Neighbouring equal colours merge two blocks into one run; credit multiples to the base size.
    let votes = runVotes[run] as number;
    for (let k = 2; k * run <= MAX_BLOCK; k++) votes += (runVotes[k * run] as number) >> 1;
    if (votes > best) {
      best = votes;
      size = run;
    }
  }
  if (size < 2 || best < 3) return null;
  const originVotes = new Int32Array(size);
  for (const edge of edges) originVotes[edge % size] = (originVotes[edge % size] as number) + 1;
  let origin = 0;
  for (let o = 1; o < size; o++) if ((originVotes[o] as number) > (originVotes[origin] as number)) origin = o;
  return { size, origin, votes: best };
}

/** Returns the mosaic's grid and block colours, or null when the hole shows no pixelation. */
export function detectMosaic(data: Uint8Array, width: number, height: number, hole: Uint8Array): MosaicGuide | null {
  const gx = detectAxis(data, hole, height, width, (y, x) => y * width + x);
  const gy = detectAxis(data, hole, width, height, (x, y) => y * width + x);
  if (gx === null && gy === null) return null;
  // A square mosaic is the common case; if one axis had too few runs, borrow the other's size.
  const bw = gx?.size ?? (gy as AxisGrid).size;
  const bh = gy?.size ?? bw;
  const ox = gx !== null && gx.size === bw ? gx.origin : 0;
  const oy = gy !== null && gy.size === bh ? gy.origin : 0;

  const cellsX = Math.ceil((width - ox) / bw) + 1;
  const cellsY = Math.ceil((height - oy) / bh) + 1;
  const cellOf = (x: number, y: number): number =>
    Math.floor((y - oy + bh) / bh) * cellsX + Math.floor((x - ox + bw) / bw);
  const cells = cellsX * cellsY;
  const sum = new Float64Array(cells * 3);
  const sumSq = new Float64Array(cells);
  const count = new Int32Array(cells);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (hole[i] === 0) continue;
      const c = cellOf(x, y);
      for (let k = 0; k < 3; k++) {
        const v = data[i * 3 + k] as number;
        sum[c * 3 + k] = (sum[c * 3 + k] as number) + v;
        sumSq[c] = (sumSq[c] as number) + v * v;
      }
      count[c] = (count[c] as number) + 1;
    }
  }
  const cellOk = new Uint8Array(cells);
  const cellColour = new Uint8Array(cells * 3);
  for (let c = 0; c < cells; c++) {
    const m = count[c] as number;
    if (m === 0) continue;
    let meanSq = 0;
    for (let k = 0; k < 3; k++) {
      const mean = (sum[c * 3 + k] as number) / m;
      cellColour[c * 3 + k] = Math.round(mean);
      meanSq += mean * mean;
    }
    const variance = (sumSq[c] as number) / m - meanSq;
    if (variance / 3 <= MAX_BLOCK_DEVIATION * MAX_BLOCK_DEVIATION) cellOk[c] = 1;
  }
  const colours = new Uint8Array(width * height * 3);
  const guided = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const c = cellOf(x, y);
      if (hole[i] === 0 || cellOk[c] === 0) continue;
      guided[i] = 1;
      colours[i * 3] = cellColour[c * 3] as number;
      colours[i * 3 + 1] = cellColour[c * 3 + 1] as number;
      colours[i * 3 + 2] = cellColour[c * 3 + 2] as number;
    }
  }
  return { blockWidth: bw, blockHeight: bh, originX: ox, originY: oy, colours, guided };
}

/**
 * A smooth picture through the block colours: each guided pixel gets the bilinear blend of the colours at the
 * centres of the four nearest guided blocks. Block colours are block averages, so this is the best smooth guess of
 * the hidden image; it seeds the diffusion fill and PatchMatch's first estimate.
 */
export function smoothMosaic(guide: MosaicGuide, width: number, height: number): Uint8Array {
  const { blockWidth: bw, blockHeight: bh, originX: ox, originY: oy, colours, guided } = guide;
  const out = new Uint8Array(colours);
  const centreColour = (cx: number, cy: number, k: number): number | null => {
    // The block centre nearest to (cx, cy) inside the image, if it is guided.
    const x = Math.min(width - 1, Math.max(0, cx));
    const y = Math.min(height - 1, Math.max(0, cy));
    const i = y * width + x;
    return guided[i] === 1 ? (colours[i * 3 + k] as number) : null;
  };
  for (let y = 0; y < height; y++) {
    // Position in block units relative to block centres.
    const fy = (y - oy - (bh - 1) / 2) / bh;
    const by = Math.floor(fy);
    const ty = fy - by;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (guided[i] === 0) continue;
      const fx = (x - ox - (bw - 1) / 2) / bw;
      const bx = Math.floor(fx);
      const tx = fx - bx;
      const x0 = Math.round(ox + bx * bw + (bw - 1) / 2);
      const y0 = Math.round(oy + by * bh + (bh - 1) / 2);
      for (let k = 0; k < 3; k++) {
        let acc = 0;
        let wsum = 0;
        const corners: [number, number, number][] = [
          [x0, y0, (1 - tx) * (1 - ty)],
          [x0 + bw, y0, tx * (1 - ty)],
          [x0, y0 + bh, (1 - tx) * ty],
          [x0 + bw, y0 + bh, tx * ty],
        ];
        for (const [cx, cy, w] of corners) {
          const v = centreColour(cx, cy, k);
          if (v === null || w <= 0) continue;
          acc += v * w;
          wsum += w;
        }
        if (wsum > 0) out[i * 3 + k] = Math.round(acc / wsum);
      }
    }
  }
  return out;
}
