import * as tf from '@tensorflow/tfjs';
import { ENCODER_PREFIX } from '../pix2pix/unet-generator.js';

/** Folder of the frozen MobileNetV2 trunk inside the shipped models folder (scripts/encoder writes it). */
export const ENCODER_DIR = 'mobilenet-v2-trunk';

/** Every trunk layer is its MobileNetV2 name with this prefix, so "freeze encoder" finds them by name. */
export const SOURCE_LAYER_PREFIX = ENCODER_PREFIX;

/**
 * The trunk's outputs, in MobileNetV2's layer names, shallow to deep: strides 2, 4, 8 and 16 with 96, 144, 192 and
 * 576 channels. The expand-ReLU of each stage is its widest activation before the resolution drops, the usual U-Net
 * skip of MobileNetV2; `block_13_expand_relu` is the deepest one at stride 16 (deeper stages were fine-tuned for
 * nsfwjs's classes, these kept ImageNet's weights up to `block_10`).
 */
export const ENCODER_SKIPS = ['block_1_expand_relu', 'block_3_expand_relu', 'block_6_expand_relu', 'block_13_expand_relu'] as const;

/** Downsampling of the deepest skip: a working size must be a multiple of it. */
export const ENCODER_STRIDE = 16;

/**
 * The trunk's input from colorize-io's L* encoding ([−1, 1]): a grey RGB image in MobileNetV2's [−1, 1] range, so
 * the three channels are L* itself. A concatenation, not a layer with weights, so there is nothing to train or save.
 */
export function greyAsRgb(L: tf.SymbolicTensor): tf.SymbolicTensor {
  return tf.layers.concatenate({ name: `${ENCODER_PREFIX}grey_rgb`, axis: -1 }).apply([L, L, L]) as tf.SymbolicTensor;
}

/** Each skip's layer name inside a loaded trunk. */
export function skipLayerName(skip: (typeof ENCODER_SKIPS)[number]): string {
  return `${SOURCE_LAYER_PREFIX}${skip}`;
}

/**
 * Apply a functional model's layers, in its topological order, to a new input: `layerFor` gives the layer object to
 * use for each (the same one, to share its weights; a renamed copy, to extract). Returns every layer's output by the
 * original layer's name. MobileNetV2's layers each have one inbound node, so this is the whole graph.
 */
export function rewire(
  model: tf.LayersModel,
  input: tf.SymbolicTensor,
  layerFor: (layer: tf.layers.Layer) => tf.layers.Layer,
): Map<string, tf.SymbolicTensor> {
  const outputs = new Map<string, tf.SymbolicTensor>([[model.inputLayers[0]?.name as string, input]]);
  for (const layer of model.layers) {
    if (outputs.has(layer.name)) continue;
    const sources = (layer.inboundNodes[0]?.inboundLayers ?? []).map((l) => outputs.get(l.name));
    if (sources.length === 0 || sources.some((s) => s === undefined)) continue;
    const args = sources as tf.SymbolicTensor[];
    outputs.set(layer.name, layerFor(layer).apply(args.length === 1 ? (args[0] as tf.SymbolicTensor) : args) as tf.SymbolicTensor);
  }
  return outputs;
}
