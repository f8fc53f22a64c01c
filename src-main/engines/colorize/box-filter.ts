import { resizePlane } from './resize-plane.js';

/**
 * Mean over a (2r+1)^2 window clipped at the borders (each output divides by the pixels actually inside), in O(1)
 * per pixel from a summed-area table, so local statistics and the guided filter cost the same at any radius.
 */
export function boxMean(src: Float32Array, width: number, height: number, radius: number): Float32Array {
  const stride = width + 1;
  // Float64: a float32 running sum over a megapixel loses the low digits the differences below depend on.
  const sat = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += src[y * width + x] as number;
      sat[(y + 1) * stride + x + 1] = (sat[y * stride + x + 1] as number) + row;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(height, y + radius + 1);
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(width, x + radius + 1);
      const sum =
        (sat[y1 * stride + x1] as number) - (sat[y0 * stride + x1] as number) - (sat[y1 * stride + x0] as number) + (sat[y0 * stride + x0] as number);
      out[y * width + x] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  return out;
}

/** Local standard deviation over the same clipped window. */
export function localStd(src: Float32Array, width: number, height: number, radius: number): Float32Array {
  const squares = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) squares[i] = (src[i] as number) * (src[i] as number);
  const mean = boxMean(src, width, height, radius);
  const meanSq = boxMean(squares, width, height, radius);
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = Math.sqrt(Math.max(0, (meanSq[i] as number) - (mean[i] as number) ** 2));
  return out;
}

/** The guided filter's local linear model, already averaged over windows: output = slope * guide + offset. */
interface GuidedCoefficients {
  slope: Float32Array;
  offset: Float32Array;
}

/** The coefficients of He et al.'s guided filter for `p` led by `guide` (see `guidedFilter`, `guidedUpsample`). */
function guidedFilterCoefficients(
  guide: Float32Array,
  p: Float32Array,
  width: number,
  height: number,
  radius: number,
  epsilon: number,
): GuidedCoefficients {
  const n = guide.length;
  const ip = new Float32Array(n);
  const ii = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const g = guide[i] as number;
    ip[i] = g * (p[i] as number);
    ii[i] = g * g;
  }
  const meanI = boxMean(guide, width, height, radius);
  const meanP = boxMean(p, width, height, radius);
  const meanIp = boxMean(ip, width, height, radius);
  const meanIi = boxMean(ii, width, height, radius);
  const slope = new Float32Array(n);
  const offset = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const mi = meanI[i] as number;
    const variance = (meanIi[i] as number) - mi * mi;
    const covariance = (meanIp[i] as number) - mi * (meanP[i] as number);
    const s = covariance / (Math.max(0, variance) + epsilon);
    slope[i] = s;
    offset[i] = (meanP[i] as number) - s * mi;
  }
  return { slope: boxMean(slope, width, height, radius), offset: boxMean(offset, width, height, radius) };
}

/**
 * He & Sun's fast guided filter as an upsampler: the guided filter of `p` (on the small grid, led by `smallGuide`)
 * has its coefficients resized to the large grid (bilinear up; area-averaged down, for a grid larger than the
 * photo) and applied to the large `guide`, so the result's edges are those of the large guide, not blurred copies of
 * the small one.
 */
export function guidedUpsample(
  smallGuide: Float32Array,
  p: Float32Array,
  width: number,
  height: number,
  guide: Float32Array,
  outWidth: number,
  outHeight: number,
  radius: number,
  epsilon: number,
): Float32Array {
  const { slope, offset } = guidedFilterCoefficients(smallGuide, p, width, height, radius, epsilon);
  const out = resizePlane(slope, width, height, outWidth, outHeight);
  const fullOffset = resizePlane(offset, width, height, outWidth, outHeight);
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) * (guide[i] as number) + (fullOffset[i] as number);
  return out;
}

/**
 * He et al.'s guided filter: smooths `p` while making it locally a linear function of the guide, so edges of the
 * guide survive in the output (colour stops where the luminance edge is instead of bleeding across it).
 * `epsilon` is in guide units squared: windows whose guide variance is well below it are simply averaged.
 */
export function guidedFilter(guide: Float32Array, p: Float32Array, width: number, height: number, radius: number, epsilon: number): Float32Array {
  const { slope, offset } = guidedFilterCoefficients(guide, p, width, height, radius, epsilon);
  const out = new Float32Array(guide.length);
  for (let i = 0; i < out.length; i++) out[i] = (slope[i] as number) * (guide[i] as number) + (offset[i] as number);
  return out;
}
