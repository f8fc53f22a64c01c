import { KintsugiError } from '../../../src-shared/errors.js';
import { DiffusionEngine } from './diffusion-engine.js';
import type { InpaintEngine } from './engine.js';
import { PatchMatchEngine } from './patchmatch-engine.js';

/** The engines that need no weights, the default (PatchMatch) first. Fresh instances: engines keep no state. */
export function embeddedEngines(): InpaintEngine[] {
  return [new PatchMatchEngine(), new DiffusionEngine()];
}

export function findEngine(id: string): InpaintEngine {
  const engine = embeddedEngines().find((e) => e.info.id === id);
  if (engine === undefined) {
    const known = embeddedEngines()
      .map((e) => e.info.id)
      .join(', ');
    throw new KintsugiError('E_NOT_FOUND', `No inpainting engine "${id}" (available: ${known})`, { id });
  }
  return engine;
}
