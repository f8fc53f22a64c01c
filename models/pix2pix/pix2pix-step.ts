import * as tf from '@tensorflow/tfjs';
import { keepingTensors, trainableVariables } from './layers.js';

/** The networks and optimizers of a pix2pix run. */
export interface Pix2PixNets {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  generatorOptimizer: tf.Optimizer;
  discriminatorOptimizer: tf.Optimizer;
}

export interface Pix2PixLosses {
  /** Generator adversarial loss: BCE of the discriminator's logits on fakes against "real". */
  gAdv: number;
  /** Mean absolute error between the generator's output and the target. */
  gL1: number;
  /** Discriminator loss: the mean of its BCE on real and on fake pairs (halved, as in pix2pix). */
  d: number;
}

/** pix2pix's optimizer: Adam with β1 = 0.5 (the GAN-stable choice of Radford et al.). */
export function pix2pixOptimizer(learningRate: number): tf.Optimizer {
  return tf.train.adam(learningRate, 0.5, 0.999);
}

/**
 * Change an optimizer's learning rate between steps. tfjs optimizers read their (protected) `learningRate` field at
 * every step and have no public setter.
 */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = rate;
}

/** Sigmoid cross-entropy of logits against an all-real (1) or all-fake (0) label. */
export function bce(label: 0 | 1, logits: tf.Tensor): tf.Scalar {
  const labels = label === 1 ? tf.onesLike(logits) : tf.zerosLike(logits);
  return tf.losses.sigmoidCrossEntropy(labels, logits) as tf.Scalar;
}

/**
 * One pix2pix step: the generator's and the discriminator's gradients are taken on the same fake batch (the
 * discriminator sees it as a constant), then both optimizers step, as in the pix2pix reference implementation.
 * G minimises BCE(D(x, G(x)), real) + l1Weight × |y − G(x)|; D minimises ½[BCE(D(x, y), real) + BCE(D(x, G(x)), fake)].
 * Every intermediate tensor is released before returning; only the three loss values leave.
 */
export function pix2pixStep(nets: Pix2PixNets, input: tf.Tensor4D, target: tf.Tensor4D, l1Weight: number): Pix2PixLosses {
  const { generator, discriminator } = nets;
  const pair = (image: tf.Tensor) => tf.concat([input, image], -1);
  return keepingTensors((keep) => {
    const values = tf.tidy(() => {
      let fake: tf.Tensor | undefined;
      let adv: tf.Scalar | undefined;
      let l1: tf.Scalar | undefined;
      const g = tf.variableGrads(() => {
        fake = keep(generator.apply(input, { training: true }) as tf.Tensor);
        const logits = discriminator.apply(pair(fake), { training: true }) as tf.Tensor;
        adv = keep(bce(1, logits));
        l1 = keep(tf.mean(tf.abs(tf.sub(target, fake))) as tf.Scalar);
        return tf.add(adv, tf.mul(l1, l1Weight));
      }, trainableVariables(generator));
      const constantFake = fake as tf.Tensor;
      const d = tf.variableGrads(() => {
        const real = discriminator.apply(pair(target), { training: true }) as tf.Tensor;
        const faked = discriminator.apply(pair(constantFake), { training: true }) as tf.Tensor;
        return tf.mul(tf.add(bce(1, real), bce(0, faked)), 0.5);
      }, trainableVariables(discriminator));
      nets.generatorOptimizer.applyGradients(g.grads);
      nets.discriminatorOptimizer.applyGradients(d.grads);
      return tf.stack([adv as tf.Scalar, l1 as tf.Scalar, d.value]);
    });
    const [gAdv, gL1, d] = values.dataSync();
    values.dispose();
    return { gAdv: gAdv as number, gL1: gL1 as number, d: d as number };
  });
}
