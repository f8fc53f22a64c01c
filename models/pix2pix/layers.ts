import * as tf from '@tensorflow/tfjs';

/**
 * Building blocks shared by the pix2pix networks. Only built-in tfjs layers are used, so a saved model loads with
 * plain `tf.loadLayersModel` and needs no custom-layer registration.
 */

/** Weights start from N(0, 0.02), as in pix2pix. Each layer gets its own seed so equal shapes do not start equal. */
export function initializer(seed: number): ReturnType<typeof tf.initializers.randomNormal> {
  return tf.initializers.randomNormal({ mean: 0, stddev: 0.02, seed });
}

/**
 * Batch norm with momentum 0.99: the running statistics the exported model uses at inference average the last ~100
 * batches. With 0.9 (the last ~10 batches of 4 crops) they were noisy enough to tint a whole validation set: on a
 * 10-minute run they cost 0.007 of validation L1 against statistics re-estimated over 100 batches.
 */
export function batchNorm(name: string): tf.layers.Layer {
  return tf.layers.batchNormalization({ name, momentum: 0.99 });
}

/** A 4×4 convolution with the given stride; the pix2pix encoder and PatchGAN are stacks of these. */
export function conv4(name: string, filters: number, strides: number, seed: number): tf.layers.Layer {
  return tf.layers.conv2d({ name, filters, kernelSize: 4, strides, padding: 'same', kernelInitializer: initializer(seed) });
}

/** Apply layers in order to a symbolic tensor. */
export function chain(x: tf.SymbolicTensor, ...layers: tf.layers.Layer[]): tf.SymbolicTensor {
  return layers.reduce((t, layer) => layer.apply(t) as tf.SymbolicTensor, x);
}

/** The variables an optimizer updates for a model: trainable ones only, in the model's stable weight order. */
export function trainableVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => w.read() as tf.Variable);
}

/** Keeps a tensor computed inside a gradient function past that function's scope; see `keepingTensors`. */
export type Keep = <T extends tf.Tensor>(tensor: T) => T;

/**
 * Run one training step's `body` with a `keep` for values computed inside its gradient functions (a loss to report,
 * a fake batch the discriminator then judges), which their scope would otherwise release. Everything kept is
 * released when `body` returns or throws, so a step leaves only what it returns.
 */
export function keepingTensors<T>(body: (keep: Keep) => T): T {
  const kept: tf.Tensor[] = [];
  try {
    return body((tensor) => {
      kept.push(tf.keep(tensor));
      return tensor;
    });
  } finally {
    tf.dispose(kept);
  }
}
