import * as tf from '@tensorflow/tfjs';
import { AB_SCALE } from '../pix2pix/colorize-io.js';
import { keepingTensors, trainableVariables } from '../pix2pix/layers.js';

/**
 * Chroma (Lab units) at which a pixel's L1 weight has grown by RARITY_GAIN: saturated pixels are rarer than
 * near-grey ones, and plain L1 settles on sepia. Measured on ~850 photos after 1,000 steps (ENVIRONMENT.md, the
 * transfer-learning probe): weights 1 + 3·|ab|/110 gave an ab error of 19.8 and colourfulness 0.54; plain L1 21.5.
 */
const RARITY_CHROMA = 110;
const RARITY_GAIN = 3;

/** mean over pixels and channels of (1 + 3·|ab_true| / 110) · |ab_pred − ab_true|, on colorize-io's ÷128 values. */
export function chromaWeightedL1(target: tf.Tensor4D, predicted: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const chroma = tf.sqrt(tf.sum(tf.square(target), -1, true));
    const weight = tf.add(1, tf.mul(chroma, (RARITY_GAIN * AB_SCALE) / RARITY_CHROMA));
    return tf.mean(tf.mul(weight, tf.abs(tf.sub(predicted, target)))) as tf.Scalar;
  });
}

/** The encoder colorizer's optimizer: plain Adam (no adversary to keep stable, so the default β1). */
export function encoderColorizerOptimizer(learningRate: number): tf.Optimizer {
  return tf.train.adam(learningRate);
}

/**
 * One step of the encoder colorizer on the chroma-weighted L1. The model runs in inference mode, so the frozen
 * trunk's batch norm uses its ImageNet statistics (tfjs follows the call's `training` flag, not `trainable`); the
 * decoder has no layer that behaves differently in training. Gradients are taken for the decoder's variables only,
 * and the tape computes none through the trunk: no trainable variable lies upstream of it. Returns the plain mean
 * |Δab| (÷128), comparable with every other colorize L1, and the weighted loss that was minimised.
 */
export function encoderColorizerStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  input: tf.Tensor4D,
  target: tf.Tensor4D,
): { gL1: number; loss: number } {
  return keepingTensors((keep) => {
    const values = tf.tidy(() => {
      let l1: tf.Scalar | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const predicted = model.apply(input, { training: false }) as tf.Tensor;
        l1 = keep(tf.mean(tf.abs(tf.sub(predicted, target))) as tf.Scalar);
        return chromaWeightedL1(target, predicted);
      }, trainableVariables(model));
      optimizer.applyGradients(grads);
      return tf.stack([l1 as tf.Scalar, value]);
    });
    const [gL1, loss] = values.dataSync();
    values.dispose();
    return { gL1: gL1 as number, loss: loss as number };
  });
}
