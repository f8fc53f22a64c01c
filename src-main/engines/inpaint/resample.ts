/**
 * Power-of-two resampling for the PatchMatch pyramid, for shrinking big crops in regions.ts and for the colour-hint
 * solver's pyramid. Halving averages 2x2 blocks (area filter: no aliasing on texture); masks shrink conservatively
 * so a coarse pixel is a hole if any of its fine pixels is, which keeps every coarse "known" pixel truly known.
 */

export interface Size {
  width: number;
  height: number;
}

export function halvedSize(width: number, height: number): Size {
  return { width: Math.ceil(width / 2), height: Math.ceil(height / 2) };
}

/** Calls `visit` for each pixel of the halved grid with the indices of its (up to) four fine pixels. */
function forEachQuad(
  width: number,
  height: number,
  visit: (out: number, a: number, b: number, c: number, d: number) => void,
): void {
  const { width: w, height: h } = halvedSize(width, height);
  for (let y = 0; y < h; y++) {
    const y0 = 2 * y;
    const y1 = Math.min(height - 1, y0 + 1);
    for (let x = 0; x < w; x++) {
      const x0 = 2 * x;
      const x1 = Math.min(width - 1, x0 + 1);
      visit(y * w + x, y0 * width + x0, y0 * width + x1, y1 * width + x0, y1 * width + x1);
    }
  }
}

/** Halves interleaved data with `channels` values per pixel; odd edges repeat the last row or column. */
export function halveImage(data: Uint8Array, width: number, height: number, channels = 3): Uint8Array {
  const { width: w, height: h } = halvedSize(width, height);
  const out = new Uint8Array(w * h * channels);
  forEachQuad(width, height, (o, a, b, c, d) => {
    for (let k = 0; k < channels; k++) {
      out[o * channels + k] =
        ((data[a * channels + k] as number) +
          (data[b * channels + k] as number) +
          (data[c * channels + k] as number) +
          (data[d * channels + k] as number) +
          2) >>
        2;
    }
  });
  return out;
}

/** Halves a 0/non-zero mask: `any` marks a coarse pixel when any fine pixel is set, `all` only when all are. */
export function halveMask(mask: Uint8Array, width: number, height: number, rule: 'any' | 'all'): Uint8Array {
  const { width: w, height: h } = halvedSize(width, height);
  const out = new Uint8Array(w * h);
  forEachQuad(width, height, (o, a, b, c, d) => {
    const set = (mask[a] !== 0 ? 1 : 0) + (mask[b] !== 0 ? 1 : 0) + (mask[c] !== 0 ? 1 : 0) + (mask[d] !== 0 ? 1 : 0);
    out[o] = rule === 'any' ? (set > 0 ? 1 : 0) : set === 4 ? 1 : 0;
  });
  return out;
}

/** Halves a float plane (one value per pixel) by averaging 2x2 blocks, like `halveImage`. */
export function halvePlane(plane: Float32Array, width: number, height: number): Float32Array {
  const { width: w, height: h } = halvedSize(width, height);
  const out = new Float32Array(w * h);
  forEachQuad(width, height, (o, a, b, c, d) => {
    out[o] = ((plane[a] as number) + (plane[b] as number) + (plane[c] as number) + (plane[d] as number)) / 4;
  });
  return out;
}

/**
 * Bilinear taps along one axis, pixel centres aligned: output coordinate i reads source cells `lo[i]` and `hi[i]`
 * with weight `t[i]` on `hi`. Computed once per axis so the per-pixel loops only index and blend.
 */
export interface AxisTaps {
  lo: Int32Array;
  hi: Int32Array;
  t: Float32Array;
}

export function bilinearTaps(size: number, outSize: number): AxisTaps {
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const t = new Float32Array(outSize);
  const scale = size / outSize;
  for (let i = 0; i < outSize; i++) {
    const f = Math.min(size - 1, Math.max(0, (i + 0.5) * scale - 0.5));
    const i0 = Math.floor(f);
    lo[i] = i0;
    hi[i] = Math.min(size - 1, i0 + 1);
    t[i] = f - i0;
  }
  return { lo, hi, t };
}

/**
 * Bilinear upsampling of RGB data from (width, height) to (outWidth, outHeight), pixel centres aligned; used to
 * bring a result computed on a shrunken crop back to the crop's size.
 */
export function upsampleBilinear(
  data: Uint8Array,
  width: number,
  height: number,
  outWidth: number,
  outHeight: number,
): Uint8Array {
  const out = new Uint8Array(outWidth * outHeight * 3);
  const xs = bilinearTaps(width, outWidth);
  const ys = bilinearTaps(height, outHeight);
  for (let y = 0; y < outHeight; y++) {
    const y0 = ys.lo[y] as number;
    const y1 = ys.hi[y] as number;
    const ty = ys.t[y] as number;
    for (let x = 0; x < outWidth; x++) {
      const x0 = xs.lo[x] as number;
      const x1 = xs.hi[x] as number;
      const tx = xs.t[x] as number;
      const o = (y * outWidth + x) * 3;
      for (let k = 0; k < 3; k++) {
        const top = (data[(y0 * width + x0) * 3 + k] as number) * (1 - tx) + (data[(y0 * width + x1) * 3 + k] as number) * tx;
        const bottom =
          (data[(y1 * width + x0) * 3 + k] as number) * (1 - tx) + (data[(y1 * width + x1) * 3 + k] as number) * tx;
        out[o + k] = Math.round(top * (1 - ty) + bottom * ty);
      }
    }
  }
  return out;
}
