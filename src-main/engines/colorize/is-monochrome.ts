import { KintsugiError } from '../../../src-shared/errors.js';
import { rgbToLab } from '../../color/lab.js';
import type { RgbImage } from '../inpaint/engine.js';
import { halveImage, halvedSize } from '../inpaint/resample.js';

/**
 * Tells a photo that already has colour from a black-and-white one, so a batch can skip it or colorize it from its
 * luminance. Toned prints (sepia, selenium, cyanotype) count as monochrome: their chroma is not zero but is a
 * function of lightness alone (paper white, brown shadows). So the test is not "how much chroma" but "how far do
 * pixels stray from the photo's own tone curve": a*b* as a function of L*, fitted as the median a*, b* of each
 * lightness band (medians, so a stamp or a coloured caption does not drag the curve).
 */

export interface ColourVerdict {
  kind: 'grey' | 'toned' | 'colour';
  /** Mean a*b* distance from neutral: 0 for a grey file, 15-25 for toned test prints, 20-46 for the sample photos. */
  meanChroma: number;
  /** Mean chroma of the tone curve at the pixels' lightness: what the toning alone contributes. */
  toneChroma: number;
  /** RMS a*b* distance of pixels from the tone curve: near 0 for any monochrome print. */
  chromaSpread: number;
  /** Share of pixels (0-1) further than COLOURED_PIXEL_DISTANCE from the tone curve. */
  colouredFraction: number;
}

/** The analysis runs on the photo halved until its longer side is at most this (averaging removes chroma noise). */
const ANALYSIS_SIDE = 256;
/** Lightness bands of the tone curve, 5 L* wide. */
const BANDS = 20;
/**
 * Each band's tone is the median over it and this many bands either side (25 L* in all): a coloured object that
 * fills most of one narrow lightness band (a red stamp on a print with few mid-dark greys) is then still outvoted.
 * A toner's tone drifts slowly enough with L* for this window (sepia and cyanotype toning of the sample photos,
 * JPEG-compressed with scanner noise, stayed under 1.5% coloured).
 */
const BAND_REACH = 2;
/** A band with fewer pixels than this borrows the curve from its neighbours. */
const MIN_BAND_PIXELS = 16;
/**
 * A pixel this far (a*b* units) from the tone curve is coloured: above the chroma noise of a JPEG-compressed scan
 * after averaging (RMS ~1-2 in the tests), below any deliberate colour (skin is ~15-25 from grey, foliage and sky
 * more).
 */
const COLOURED_PIXEL_DISTANCE = 6;
/**
 * Colour when more than this share of the photo is coloured. A stamp, a coloured caption or a coloured border on a
 * scanned black-and-white print stays below it (a 2 cm stamp on a 10x15 cm print is ~3%); the sample colour photos
 * measured 23-84%. A mostly grey photo with one small coloured object (under 5% of the frame) is therefore
 * treated as black and white: the user sees the figures and can override.
 */
export const COLOURED_SHARE = 0.05;
/** A monochrome photo whose tone curve has less chroma than this is grey rather than toned. */
const TONED_CHROMA = 2;

function median(values: number[]): number {
  values.sort((x, y) => x - y);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? (values[mid] as number) : ((values[mid - 1] as number) + (values[mid] as number)) / 2;
}

function downscale(image: RgbImage): RgbImage {
  let current = image;
  while (Math.max(current.width, current.height) > ANALYSIS_SIDE) {
    current = { ...halvedSize(current.width, current.height), data: halveImage(current.data, current.width, current.height) };
  }
  return current;
}

/** Median a*, b* per lightness band (see BAND_REACH); sparse bands take the nearest filled band's values. */
function toneCurve(L: Float32Array, A: Float32Array, B: Float32Array): { a: Float64Array; b: Float64Array } {
  const bandA: number[][] = Array.from({ length: BANDS }, () => []);
  const bandB: number[][] = Array.from({ length: BANDS }, () => []);
  for (let i = 0; i < L.length; i++) {
    const band = Math.min(BANDS - 1, Math.max(0, Math.floor(((L[i] as number) / 100) * BANDS)));
    (bandA[band] as number[]).push(A[i] as number);
    (bandB[band] as number[]).push(B[i] as number);
  }
  const filled = [...Array(BANDS).keys()].filter((k) => (bandA[k] as number[]).length >= MIN_BAND_PIXELS);
  // A tiny image may fill no band to the minimum: then all its pixels form one band.
  if (filled.length === 0) {
    const a = new Float64Array(BANDS).fill(median(bandA.flat()));
    const b = new Float64Array(BANDS).fill(median(bandB.flat()));
    return { a, b };
  }
  const a = new Float64Array(BANDS);
  const b = new Float64Array(BANDS);
  for (const k of filled) {
    const lo = Math.max(0, k - BAND_REACH);
    const hi = Math.min(BANDS, k + BAND_REACH + 1);
    a[k] = median(bandA.slice(lo, hi).flat());
    b[k] = median(bandB.slice(lo, hi).flat());
  }
  for (let k = 0; k < BANDS; k++) {
    if (filled.includes(k)) continue;
    const nearest = filled.reduce((best, f) => (Math.abs(f - k) < Math.abs(best - k) ? f : best));
    a[k] = a[nearest] as number;
    b[k] = b[nearest] as number;
  }
  return { a, b };
}

/** The tone curve at lightness `l`, interpolated linearly between band centres. */
function toneAt(curve: Float64Array, l: number): number {
  const f = Math.min(BANDS - 1, Math.max(0, (l / 100) * BANDS - 0.5));
  const k = Math.min(BANDS - 2, Math.floor(f));
  const t = f - k;
  return (curve[k] as number) * (1 - t) + (curve[k + 1] as number) * t;
}

export function detectMonochrome(image: RgbImage): ColourVerdict {
  if (!Number.isInteger(image.width) || !Number.isInteger(image.height) || image.width < 1 || image.height < 1) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `The photo is empty (${image.width}x${image.height})`);
  }
  const lab = rgbToLab(downscale(image));
  const curve = toneCurve(lab.L, lab.a, lab.b);
  const n = lab.L.length;
  let chroma = 0;
  let tone = 0;
  let spread = 0;
  let coloured = 0;
  for (let i = 0; i < n; i++) {
    const a = lab.a[i] as number;
    const b = lab.b[i] as number;
    const ta = toneAt(curve.a, lab.L[i] as number);
    const tb = toneAt(curve.b, lab.L[i] as number);
    chroma += Math.hypot(a, b);
    tone += Math.hypot(ta, tb);
    const d = Math.hypot(a - ta, b - tb);
    spread += d * d;
    if (d > COLOURED_PIXEL_DISTANCE) coloured++;
  }
  const verdict = {
    meanChroma: chroma / n,
    toneChroma: tone / n,
    chromaSpread: Math.sqrt(spread / n),
    colouredFraction: coloured / n,
  };
  const kind = verdict.colouredFraction > COLOURED_SHARE ? 'colour' : verdict.toneChroma < TONED_CHROMA ? 'grey' : 'toned';
  return { kind, ...verdict };
}
