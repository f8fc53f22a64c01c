import { KintsugiError } from '../../src-shared/errors.js';
import type { RgbImage } from '../engines/inpaint/engine.js';

/**
 * sRGB (8-bit, gamma-encoded) <-> CIE L*a*b* (D65 white, 2° observer). Colorization works in Lab because L* carries
 * all the luminance the user sees: an algorithm that only predicts a*, b* cannot change the photo's detail.
 */

/** Planar Lab: L in [0, 100]; a, b roughly in [-128, 127] for sRGB colours. Row-major, one value per pixel. */
export interface LabImage {
  width: number;
  height: number;
  L: Float32Array;
  a: Float32Array;
  b: Float32Array;
}

// D65 reference white, in the same units as the sRGB -> XYZ matrix (Y of white = 1).
const XN = 0.95047;
const YN = 1;
const ZN = 1.08883;

// sRGB primaries -> XYZ (IEC 61966-2-1), each row divided by the white's component so white maps to (1, 1, 1).
const M = [
  [0.4124564 / XN, 0.3575761 / XN, 0.1804375 / XN],
  [0.2126729 / YN, 0.7151522 / YN, 0.072175 / YN],
  [0.0193339 / ZN, 0.119192 / ZN, 0.9503041 / ZN],
] as const;

// Inverse of the matrix above (XYZ/white -> linear sRGB), computed once so forward and back agree to float precision.
const MI = invert3(M);

function invert3(m: readonly (readonly number[])[]): number[][] {
  const [a, b, c] = m[0] as [number, number, number];
  const [d, e, f] = m[1] as [number, number, number];
  const [g, h, i] = m[2] as [number, number, number];
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  return [
    [A / det, -(b * i - c * h) / det, (b * f - c * e) / det],
    [B / det, (a * i - c * g) / det, -(a * f - c * d) / det],
    [C / det, -(a * h - b * g) / det, (a * e - b * d) / det],
  ];
}

/** The sRGB decoding curve for all 256 byte values: one table lookup instead of a pow() per channel. */
export const SRGB_TO_LINEAR: Float64Array = (() => {
  const lut = new Float64Array(256);
  for (let v = 0; v < 256; v++) {
    const c = v / 255;
    lut[v] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }
  return lut;
})();

/** Linear [0, 1] -> gamma-encoded [0, 255] (unclamped, unrounded). */
export function linearToSrgb255(c: number): number {
  return 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
}

// Linear values at which the rounded 8-bit code steps up: code v covers [ROUND_UP[v-1], ROUND_UP[v]). Comparing
// against these gives exactly Math.round(linearToSrgb255(c)) without a pow() per channel.
const ROUND_UP: Float64Array = (() => {
  const t = new Float64Array(256);
  for (let v = 0; v < 255; v++) {
    const c = (v + 0.5) / 255;
    t[v] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }
  t[255] = Infinity;
  return t;
})();
const BUCKETS = 4096;
// The lowest code any linear value in each 1/4096 bucket can round to: the search below starts there and moves
// at most a couple of codes (the curve is steepest near black, ~0.8 codes per bucket).
const BUCKET_START: Uint8Array = (() => {
  const t = new Uint8Array(BUCKETS + 1);
  let v = 0;
  for (let k = 0; k <= BUCKETS; k++) {
    while (k / BUCKETS >= (ROUND_UP[v] as number)) v++;
    t[k] = v;
  }
  return t;
})();

/** Linear [0, 1] -> the nearest 8-bit sRGB code, clamped. */
export function linearToByte(c: number): number {
  if (!(c > 0)) return 0;
  if (c >= 1) return 255;
  let v = BUCKET_START[Math.floor(c * BUCKETS)] as number;
  while (c >= (ROUND_UP[v] as number)) v++;
  return v;
}

const EPSILON = 216 / 24389; // (6/29)^3: below it the cube root is replaced by a line, as CIE specifies
const KAPPA = 24389 / 27;

function f(t: number): number {
  return t > EPSILON ? Math.cbrt(t) : (KAPPA * t + 16) / 116;
}

function fInverse(t: number): number {
  const t3 = t * t * t;
  return t3 > EPSILON ? t3 : (116 * t - 16) / KAPPA;
}

function checkRgb(image: RgbImage): void {
  if (!Number.isInteger(image.width) || !Number.isInteger(image.height) || image.width < 0 || image.height < 0) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `Invalid image size ${image.width}x${image.height}`);
  }
  if (image.data.length !== image.width * image.height * 3) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `An RGB image of ${image.width}x${image.height} needs ${image.width * image.height * 3} bytes, got ${image.data.length}`);
  }
}

export function rgbToLab(image: RgbImage): LabImage {
  checkRgb(image);
  const n = image.width * image.height;
  const L = new Float32Array(n);
  const A = new Float32Array(n);
  const B = new Float32Array(n);
  const data = image.data;
  const [m0, m1, m2] = M;
  for (let i = 0, o = 0; i < n; i++, o += 3) {
    const r8 = data[o] as number;
    const g8 = data[o + 1] as number;
    const b8 = data[o + 2] as number;
    const r = SRGB_TO_LINEAR[r8] as number;
    const g = SRGB_TO_LINEAR[g8] as number;
    const b = SRGB_TO_LINEAR[b8] as number;
    const fy = f(m1[0] * r + m1[1] * g + m1[2] * b);
    L[i] = 116 * fy - 16;
    // Greys are exactly neutral: the matrix rows sum to 1 only up to rounding, and a grey photo must measure zero
    // chroma (colour detection and "reference has no colour" depend on it).
    if (r8 === g8 && g8 === b8) continue;
    const fx = f(m0[0] * r + m0[1] * g + m0[2] * b);
    const fz = f(m2[0] * r + m2[1] * g + m2[2] * b);
    A[i] = 500 * (fx - fy);
    B[i] = 200 * (fy - fz);
  }
  return { width: image.width, height: image.height, L, a: A, b: B };
}

/** Linear sRGB of one Lab colour, unclamped (out-of-gamut colours give components outside [0, 1]). */
export function labToLinear(l: number, a: number, b: number, out: Float64Array | number[]): void {
  const fy = (l + 16) / 116;
  const x = fInverse(fy + a / 500);
  const y = fInverse(fy);
  const z = fInverse(fy - b / 200);
  const [r0, r1, r2] = MI as [number[], number[], number[]];
  out[0] = (r0[0] as number) * x + (r0[1] as number) * y + (r0[2] as number) * z;
  out[1] = (r1[0] as number) * x + (r1[1] as number) * y + (r1[2] as number) * z;
  out[2] = (r2[0] as number) * x + (r2[1] as number) * y + (r2[2] as number) * z;
}

/** Lab -> 8-bit sRGB; colours outside the sRGB gamut are clamped per channel (which can shift their L*). */
export function labToRgb(lab: LabImage): RgbImage {
  const n = lab.width * lab.height;
  if (lab.L.length !== n || lab.a.length !== n || lab.b.length !== n) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `Lab planes of a ${lab.width}x${lab.height} image need ${n} values each`);
  }
  const data = new Uint8Array(n * 3);
  const lin = new Float64Array(3);
  for (let i = 0, o = 0; i < n; i++, o += 3) {
    labToLinear(lab.L[i] as number, lab.a[i] as number, lab.b[i] as number, lin);
    data[o] = linearToByte(lin[0] as number);
    data[o + 1] = linearToByte(lin[1] as number);
    data[o + 2] = linearToByte(lin[2] as number);
  }
  return { width: lab.width, height: lab.height, data };
}

function inGamut(lin: Float64Array): boolean {
  const r = lin[0] as number;
  const g = lin[1] as number;
  const b = lin[2] as number;
  return r >= 0 && r <= 1 && g >= 0 && g <= 1 && b >= 0 && b <= 1;
}

/**
 * Writes the 8-bit sRGB of one Lab colour to `out[o..o+2]`, keeping L*: a colour outside sRGB has its chroma reduced
 * (hue kept) until it fits, instead of per-channel clamping, which would change its lightness. `lin` is scratch.
 */
export function writeRgbKeepingLightness(l: number, a: number, b: number, out: Uint8Array, o: number, lin: Float64Array): void {
  labToLinear(l, a, b, lin);
  if (!inGamut(lin)) {
    let lo = 0;
    let hi = 1;
    for (let step = 0; step < 12; step++) {
      const mid = (lo + hi) / 2;
      labToLinear(l, a * mid, b * mid, lin);
      if (inGamut(lin)) lo = mid;
      else hi = mid;
    }
    labToLinear(l, a * lo, b * lo, lin);
  }
  out[o] = linearToByte(lin[0] as number);
  out[o + 1] = linearToByte(lin[1] as number);
  out[o + 2] = linearToByte(lin[2] as number);
}

/** Lab -> 8-bit sRGB keeping every pixel's L* (see `writeRgbKeepingLightness`): what colorizers output. */
export function labToRgbKeepingLightness(lab: LabImage): RgbImage {
  const n = lab.width * lab.height;
  if (lab.L.length !== n || lab.a.length !== n || lab.b.length !== n) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `Lab planes of a ${lab.width}x${lab.height} image need ${n} values each`);
  }
  const data = new Uint8Array(n * 3);
  const lin = new Float64Array(3);
  for (let i = 0; i < n; i++) writeRgbKeepingLightness(lab.L[i] as number, lab.a[i] as number, lab.b[i] as number, data, i * 3, lin);
  return { width: lab.width, height: lab.height, data };
}

/** L* of every pixel, without computing a* and b* (cheaper when only luminance matters). */
export function lightness(image: RgbImage): Float32Array {
  checkRgb(image);
  const n = image.width * image.height;
  const out = new Float32Array(n);
  const [w0, w1, w2] = M[1];
  for (let i = 0, o = 0; i < n; i++, o += 3) {
    out[i] =
      116 *
        f(
          w0 * (SRGB_TO_LINEAR[image.data[o] as number] as number) +
            w1 * (SRGB_TO_LINEAR[image.data[o + 1] as number] as number) +
            w2 * (SRGB_TO_LINEAR[image.data[o + 2] as number] as number),
        ) -
      16;
  }
  return out;
}

/**
 * The grey image with each pixel's L* (a* = b* = 0), i.e. what a black-and-white print of the photo looks like to
 * Lab. This is the input a colorizer sees; tests use it to make grey versions of colour photos.
 */
export function luminanceOnly(image: RgbImage): RgbImage {
  checkRgb(image);
  const n = image.width * image.height;
  const data = new Uint8Array(n * 3);
  const [w0, w1, w2] = M[1];
  for (let i = 0, o = 0; i < n; i++, o += 3) {
    const y =
      w0 * (SRGB_TO_LINEAR[image.data[o] as number] as number) +
      w1 * (SRGB_TO_LINEAR[image.data[o + 1] as number] as number) +
      w2 * (SRGB_TO_LINEAR[image.data[o + 2] as number] as number);
    // A neutral grey's linear components all equal its Y, so encoding Y gives the grey of the same L*.
    const v = linearToByte(y);
    data[o] = v;
    data[o + 1] = v;
    data[o + 2] = v;
  }
  return { width: image.width, height: image.height, data };
}
