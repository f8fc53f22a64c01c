import * as tf from '@tensorflow/tfjs';
import { decodeRgb } from '../../../models/dcgan/gan-io.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import type { ModelManifest } from '../../../src-shared/models/manifest.js';
import { throwIfCancelled, yieldToEventLoop } from '../inpaint/cancel.js';
import type { RgbImage } from '../inpaint/engine.js';

/** What sampling needs from a GAN model's manifest. */
export type GanManifest = Pick<ModelManifest, 'kind' | 'inputSize' | 'io'>;

/** A GAN generator checked against its manifest. */
export interface GanGenerator {
  model: tf.LayersModel;
  latentSize: number;
  /** Side of the square images it makes. */
  size: number;
}

export interface SampleOptions {
  /** Checked between batches; an aborted run throws E_CANCELLED. */
  signal?: AbortSignal | undefined;
  onProgress?: ((fraction: number, stage: string) => void) | undefined;
}

/** Latents per `predict`: large enough to keep the backend busy, small enough to bound activation memory at 128 px. */
const SAMPLE_BATCH = 8;
const CANCELLED = 'Generation was cancelled';

function badModel(message: string): KintsugiError {
  return new KintsugiError('E_BAD_MODEL', message);
}

/** Refuses a model that is not a generator this code can drive (latent in, RGB out at the manifest's size). */
export function checkGanModel(model: tf.LayersModel, manifest: GanManifest): GanGenerator {
  const { io } = manifest;
  if (manifest.kind !== 'gan' || io.input !== 'latent') {
    throw badModel(`This is a ${manifest.kind} model; only a GAN model (kind gan) generates images`);
  }
  const s = manifest.inputSize;
  const input = model.inputs[0]?.shape;
  const output = model.outputs[0]?.shape;
  if (model.inputs.length !== 1 || !input || input.length !== 2 || input[1] !== io.latentSize) {
    throw badModel(`The generator takes ${JSON.stringify(model.inputs.map((t) => t.shape))}, not the ${io.latentSize}-long latent its manifest promises`);
  }
  if (model.outputs.length !== 1 || !output || JSON.stringify(output.slice(1)) !== JSON.stringify([s, s, 3])) {
    throw badModel(`The generator gives ${JSON.stringify(model.outputs.map((t) => t.shape))}, not the [${s}, ${s}, 3] RGB its manifest promises`);
  }
  return { model, latentSize: io.latentSize, size: s };
}

/** One image per latent (`latents` holds them back to back, `latentSize` each), in order. */
export async function sampleImages(generator: GanGenerator, latents: Float32Array, options: SampleOptions = {}): Promise<RgbImage[]> {
  const { model, latentSize, size } = generator;
  const count = latents.length / latentSize;
  if (!Number.isInteger(count) || count < 1) throw new KintsugiError('E_INVALID_ARGUMENT', `Latents must come in whole vectors of ${latentSize}`);
  const images: RgbImage[] = [];
  for (let start = 0; start < count; start += SAMPLE_BATCH) {
    if (options.signal) throwIfCancelled(options.signal, CANCELLED);
    options.onProgress?.(start / count, 'generating');
    const n = Math.min(SAMPLE_BATCH, count - start);
    const batch = tf.tensor2d(latents.subarray(start * latentSize, (start + n) * latentSize), [n, latentSize]);
    try {
      const output = model.predict(batch) as tf.Tensor;
      try {
        const values = (await output.data()) as Float32Array;
        for (let i = 0; i < n; i++) images.push(decodeRgb(values, i, size));
      } finally {
        output.dispose();
      }
    } finally {
      batch.dispose();
    }
    // Lets a cancel message in between batches.
    await yieldToEventLoop();
  }
  options.onProgress?.(1, 'generating');
  return images;
}
