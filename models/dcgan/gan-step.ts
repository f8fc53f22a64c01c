import * as tf from '@tensorflow/tfjs';
import type { GanLoss } from '../../src-shared/contract/training.js';
import { keepingTensors, trainableVariables } from '../pix2pix/layers.js';
import { bce } from '../pix2pix/pix2pix-step.js';
import type { SpectralNorm } from './spectral-norm.js';

/** The networks and optimizers of a DCGAN run; `spectralNorm` is null when the discriminator is not normalised. */
export interface GanNets {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  generatorOptimizer: tf.Optimizer;
  discriminatorOptimizer: tf.Optimizer;
  spectralNorm: SpectralNorm | null;
}

export interface GanLosses {
  /** Generator loss: hinge −mean D(G(z)), or BCE of D(G(z)) against "real" (the non-saturating form). */
  gAdv: number;
  /** Discriminator loss: hinge mean relu(1 − D(x)) + mean relu(1 + D(G(z))), or BCE on real plus BCE on fake. */
  d: number;
}

function generatorLoss(loss: GanLoss, fakeLogits: tf.Tensor): tf.Scalar {
  return loss === 'hinge' ? (tf.neg(tf.mean(fakeLogits)) as tf.Scalar) : bce(1, fakeLogits);
}

function discriminatorLoss(loss: GanLoss, realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar {
  if (loss === 'bce') return tf.add(bce(1, realLogits), bce(0, fakeLogits));
  return tf.add(tf.mean(tf.relu(tf.sub(1, realLogits))), tf.mean(tf.relu(tf.add(1, fakeLogits))));
}

/**
 * One DCGAN step on real images (RGB/127.5 − 1) and a batch of noise. As in pix2pixStep, both gradients are taken
 * on the same fake batch (one generator forward pass, so its batch-norm statistics move once per step), then both
 * optimizers step; with spectral norm the discriminator's kernels are projected back to σ = 1 right after.
 * Every intermediate tensor is released before returning; only the two loss values leave.
 */
export function ganStep(nets: GanNets, real: tf.Tensor4D, noise: tf.Tensor2D, loss: GanLoss): GanLosses {
  const { generator, discriminator } = nets;
  return keepingTensors((keep) => {
    const values = tf.tidy(() => {
      let fake: tf.Tensor | undefined;
      const g = tf.variableGrads(() => {
        fake = keep(generator.apply(noise, { training: true }) as tf.Tensor);
        return generatorLoss(loss, discriminator.apply(fake, { training: true }) as tf.Tensor);
      }, trainableVariables(generator));
      const constantFake = fake as tf.Tensor;
      const d = tf.variableGrads(() => {
        const realLogits = discriminator.apply(real, { training: true }) as tf.Tensor;
        const fakeLogits = discriminator.apply(constantFake, { training: true }) as tf.Tensor;
        return discriminatorLoss(loss, realLogits, fakeLogits);
      }, trainableVariables(discriminator));
      nets.generatorOptimizer.applyGradients(g.grads);
      nets.discriminatorOptimizer.applyGradients(d.grads);
      return tf.stack([g.value, d.value]);
    });
    nets.spectralNorm?.normalize();
    const [gAdv, d] = values.dataSync();
    values.dispose();
    return { gAdv: gAdv as number, d: d as number };
  });
}
