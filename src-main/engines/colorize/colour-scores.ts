import { rgbToLab } from '../../color/lab.js';
import type { RgbImage } from '../inpaint/engine.js';
import { KintsugiError } from '../../../src-shared/errors.js';

/** How close a colorization is to the colour original, in CIELAB units (issue 13's "measured, not hoped"). */
export interface ColourScores {
  /** Mean a*b* distance from the original (a grey output scores the original's own mean chroma). */
  abError: number;
  /** Mean chroma of the output ÷ mean chroma of the original: 0 for grey, 1 for as colourful as the truth. */
  colourfulness: number;
  /** Mean |ΔL*| from the original: how much of the photo's own luminance the output kept (0 = all of it). */
  lightnessError: number;
}

/** Scores of one colorized image against its colour original (same size). */
export function colourScores(output: RgbImage, truth: RgbImage): ColourScores {
  if (output.width !== truth.width || output.height !== truth.height) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `Cannot compare a ${output.width}x${output.height} image with a ${truth.width}x${truth.height} one`);
  }
  const p = rgbToLab(output);
  const q = rgbToLab(truth);
  let ab = 0;
  let chromaOut = 0;
  let chromaTruth = 0;
  let lightness = 0;
  for (let i = 0; i < p.a.length; i++) {
    const [pa, pb, qa, qb] = [p.a[i] as number, p.b[i] as number, q.a[i] as number, q.b[i] as number];
    ab += Math.hypot(pa - qa, pb - qb);
    chromaOut += Math.hypot(pa, pb);
    chromaTruth += Math.hypot(qa, qb);
    lightness += Math.abs((p.L[i] as number) - (q.L[i] as number));
  }
  const n = p.a.length;
  return { abError: ab / n, colourfulness: chromaTruth === 0 ? 0 : chromaOut / chromaTruth, lightnessError: lightness / n };
}

/** Means of each score over several images. */
export function meanColourScores(scores: readonly ColourScores[]): ColourScores {
  const mean = (key: keyof ColourScores) => scores.reduce((s, x) => s + x[key], 0) / Math.max(1, scores.length);
  return { abError: mean('abError'), colourfulness: mean('colourfulness'), lightnessError: mean('lightnessError') };
}
