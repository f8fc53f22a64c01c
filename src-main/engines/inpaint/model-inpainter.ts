import type * as tf from '@tensorflow/tfjs';
import type { EngineInfo } from '../../../src-shared/contract/index.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import type { ModelManifest } from '../../../src-shared/models/manifest.js';
import { resizePlane, resizeRgb } from '../colorize/resize-plane.js';
import { throwIfCancelled, yieldToEventLoop } from './cancel.js';
import type { HoleMask, InpaintEngine, InpaintRequest, RgbImage } from './engine.js';

/** What inference needs from a model's manifest. */
export type InpaintManifest = Pick<ModelManifest, 'kind' | 'name' | 'arch' | 'inputSize' | 'io'>;

function badModel(message: string): KintsugiError {
  return new KintsugiError('E_BAD_MODEL', message);
}

/** The mode a learned inpainter was trained for: what its input holds inside the hole. */
export function inpaintModeOf(manifest: InpaintManifest): 'fill' | 'mosaic' {
  if (manifest.kind !== 'inpaint' || manifest.io.input !== 'rgb+mask') throw badModel(`This is a ${manifest.kind} model, not an inpainting model`);
  return manifest.io.mode;
}

/** What the engine menu says about a learned inpainter. */
export function modelInpaintInfo(id: string, manifest: InpaintManifest): EngineInfo {
  const mode = inpaintModeOf(manifest);
  return {
    id,
    name: manifest.name,
    kind: 'model',
    modes: [mode],
    description: `Trained inpainter (${manifest.arch}, ${manifest.inputSize} px${mode === 'mosaic' ? ', undoes mosaics' : ''}): fills each hole from what it learned on your photos.`,
  };
}

/** Refuses a model that is not an inpainter this code can drive, before any photo is touched. */
export function checkInpaintModel(model: tf.LayersModel, manifest: InpaintManifest): void {
  inpaintModeOf(manifest);
  const s = manifest.inputSize;
  const fits = (shape: readonly (number | null)[] | undefined, channels: number) =>
    shape !== undefined && shape.length === 4 && shape[1] === s && shape[2] === s && shape[3] === channels;
  if (model.inputs.length !== 1 || !fits(model.inputs[0]?.shape, 4) || model.outputs.length !== 1 || !fits(model.outputs[0]?.shape, 3)) {
    throw badModel(
      `The model maps ${JSON.stringify(model.inputs.map((t) => t.shape))} to ${JSON.stringify(model.outputs.map((t) => t.shape))}, not the [${s}, ${s}, 4] → [${s}, ${s}, 3] its manifest promises`,
    );
  }
}

/** A hole mask brought to another size; a working pixel is a hole when any part of it was (never loses a hole). */
function resizeMask(mask: HoleMask, width: number, height: number, toWidth: number, toHeight: number): HoleMask {
  const plane = resizePlane(Float32Array.from(mask, (v) => (v !== 0 ? 1 : 0)), width, height, toWidth, toHeight);
  return Uint8Array.from(plane, (v) => (v > 1e-6 ? 255 : 0));
}

/**
 * A learned inpainter (gated U-Net) as an InpaintEngine. regions.ts hands it one crop around a hole region (with
 * its context margin) and pastes back only the hole's pixels; here the crop is brought to the model's square working
 * size (area filter down, bilinear up), predicted once, composited, and brought back to the crop's size. A
 * non-square crop is stretched: the saved model takes s × s only, and padding would spend working pixels on content
 * it never saw in training. The caller loads the model once (and keeps owning it); it serves every region of a run.
 * A mosaic model keeps the mosaic as its input.
 */
export class ModelInpaintEngine implements InpaintEngine {
  readonly info: EngineInfo;
  readonly #model: tf.LayersModel;
  readonly #size: number;
  /** A mosaic model reads the hole's mosaic; a fill model gets the hole blanked. */
  readonly #keepHole: boolean;

  constructor(id: string, model: tf.LayersModel, manifest: InpaintManifest) {
    checkInpaintModel(model, manifest);
    this.info = modelInpaintInfo(id, manifest);
    this.#model = model;
    this.#size = manifest.inputSize;
    this.#keepHole = inpaintModeOf(manifest) === 'mosaic';
  }

  async inpaint(request: InpaintRequest): Promise<RgbImage> {
    const { image, mask, signal } = request;
    const s = this.#size;
    request.onProgress(0, 'predicting');
    await yieldToEventLoop();
    throwIfCancelled(signal);
    const work = resizeRgb(image, s, s);
    const workMask = resizeMask(mask, image.width, image.height, s, s);
    // Imported on use: the main process lists these engines (modelInpaintInfo) without loading TensorFlow.js.
    const { predictInpaint } = await import('../../../models/gated-unet/inpaint-io.js');
    const [filled] = predictInpaint(this.#model, [work], [workMask], this.#keepHole);
    request.onProgress(1, 'predicted');
    return resizeRgb(filled as RgbImage, image.width, image.height);
  }
}
