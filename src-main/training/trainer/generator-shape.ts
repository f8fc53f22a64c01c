import type * as tf from '@tensorflow/tfjs';
import { KintsugiError } from '../../../src-shared/errors.js';

/**
 * Refuses a generator (a checkpoint's or a base model's) that is not an image-to-image network of this run's size:
 * one input [*, size, size, inChannels], one output [*, size, size, outChannels]. `what` names it in the error
 * ("colorizer", "inpainter").
 */
export function checkImageGenerator(model: tf.LayersModel, size: number, inChannels: number, outChannels: number, what: string): void {
  const input = model.inputs[0]?.shape;
  const output = model.outputs[0]?.shape;
  const fits = (shape: tf.Shape | undefined, channels: number) =>
    shape !== undefined && shape.length === 4 && shape[1] === size && shape[2] === size && shape[3] === channels;
  if (model.inputs.length !== 1 || model.outputs.length !== 1 || !fits(input, inChannels) || !fits(output, outChannels)) {
    throw new KintsugiError(
      'E_BAD_MODEL',
      `The generator maps [${input?.join(', ')}] to [${output?.join(', ')}]; a ${size}px ${what} maps [*, ${size}, ${size}, ${inChannels}] to [*, ${size}, ${size}, ${outChannels}]`,
    );
  }
}
