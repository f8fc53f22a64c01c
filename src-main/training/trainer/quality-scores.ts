import type { HoleMask, RgbImage } from '../../engines/inpaint/engine.js';
import { psnr, ssim } from '../../engines/metrics.js';

/** Crops predicted at once during validation and previews: enough to keep the backend busy, bounded memory. */
export const PREDICT_BATCH = 8;
/** PSNR of a perfect answer is infinite; capped so averages and JSON stay finite. */
export const MAX_PSNR = 99;

/** Mean PSNR (capped) and SSIM of results against their truths, over whole crops or only their masks' holes. */
export function meanQuality(outputs: readonly RgbImage[], truths: readonly RgbImage[], masks?: readonly HoleMask[]): { psnr: number; ssim: number } {
  let psnrSum = 0;
  let ssimSum = 0;
  outputs.forEach((out, i) => {
    const truth = truths[i] as RgbImage;
    const mask = masks?.[i];
    psnrSum += Math.min(MAX_PSNR, psnr(out, truth, mask));
    ssimSum += ssim(out, truth, mask);
  });
  return { psnr: psnrSum / outputs.length, ssim: ssimSum / outputs.length };
}
