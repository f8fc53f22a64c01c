import type { EngineInfo } from '../../../src-shared/contract/index.js';
import { throwIfCancelled } from './cancel.js';
import type { InpaintEngine, InpaintRequest, RgbImage } from './engine.js';
import { fastMarchingFill } from './fast-marching.js';
import { detectMosaic, smoothMosaic } from './mosaic-guide.js';
import { validateInpaintInput } from './validate-input.js';

export const DIFFUSION_INFO: EngineInfo = {
  id: 'diffusion',
  name: 'Fast diffusion',
  kind: 'embedded',
  modes: ['fill', 'mosaic'],
  description:
    'Telea fast-marching fill: smooth and instant. Best for thin scratches, dust and text; large holes come out blurred.',
};

/**
 * Writes a smooth fill into the hole of `image` (a copy is returned). In mosaic mode the pixelated blocks become a
 * smooth interpolation of their colours first, and only what is not mosaic is marched into from the edge.
 */
export function diffusionFill(image: RgbImage, hole: Uint8Array, mode: InpaintRequest['mode']): Uint8Array {
  const { width, height } = image;
  const data = new Uint8Array(image.data);
  let remaining = hole;
  if (mode === 'mosaic') {
    const guide = detectMosaic(image.data, width, height, hole);
    if (guide !== null) {
      const smooth = smoothMosaic(guide, width, height);
      remaining = new Uint8Array(hole);
      for (let i = 0; i < remaining.length; i++) {
        if (guide.guided[i] === 0) continue;
        remaining[i] = 0;
        data[i * 3] = smooth[i * 3] as number;
        data[i * 3 + 1] = smooth[i * 3 + 1] as number;
        data[i * 3 + 2] = smooth[i * 3 + 2] as number;
      }
    }
  }
  fastMarchingFill(data, width, height, remaining);
  return data;
}

export class DiffusionEngine implements InpaintEngine {
  readonly info = DIFFUSION_INFO;

  async inpaint(request: InpaintRequest): Promise<RgbImage> {
    const { image, mask, mode, signal, onProgress } = request;
    validateInpaintInput(image, mask);
    throwIfCancelled(signal);
    onProgress(0, 'diffusion');
    throwIfCancelled(signal);
    const data = diffusionFill(image, mask, mode);
    throwIfCancelled(signal);
    onProgress(1, 'diffusion');
    return { width: image.width, height: image.height, data };
  }
}
