import * as tf from '@tensorflow/tfjs';
import { keepingTensors, trainableVariables } from '../pix2pix/layers.js';
import { ensureDilatedConvGradient } from './dilated-conv-gradient.js';
import type { SpectralNorm } from '../dcgan/spectral-norm.js';

/** The networks and optimizers of an inpainting run; the discriminator only when the adversarial term is on. */
export interface InpaintNets {
  generator: tf.LayersModel;
  generatorOptimizer: tf.Optimizer;
  critic: { discriminator: tf.LayersModel; optimizer: tf.Optimizer; spectralNorm: SpectralNorm } | null;
}

export interface InpaintLosses {
  /** Generator hinge loss −mean D(composite); null without a discriminator. */
  gAdv: number | null;
  /** Mean absolute error over hole pixels, in model units ([−1, 1] per channel): what the hole costs. */
  gL1: number;
  /** Discriminator hinge loss; null without a discriminator. */
  d: number | null;
}

/**
 * Weight of hole pixels against known ones in the L1 term, as in Partial Convolutions (Liu et al. 2018) and DeepFill:
 * the hole is what matters, the known pixels only keep the output consistent up to the hole's edge.
 */
export const HOLE_WEIGHT = 6;

/**
 * One inpainting step on `input` ([n, s, s, 4], see inpaint-io.ts) against `target` (the truth, [n, s, s, 3] in
 * [−1, 1]). The generator minimises mean|G(x) − y| over known pixels + HOLE_WEIGHT × over hole pixels (both
 * normalised by every value, so the weights mean what they say), plus `adversarialWeight` × the hinge term
 * −mean D(composite, mask), where the composite keeps the truth outside the hole (what users get, and what the
 * discriminator must judge). The L1 is taken on the raw output: on the composite the known pixels' error is zero,
 * and the small known-pixel term is what keeps the output continuous across the hole's edge.
 * The SN-PatchGAN discriminator minimises mean relu(1 − D(real)) + mean relu(1 + D(composite)) on the same batch
 * (the composite as a constant); its kernels are spectrally normalised after its step. Only the losses leave.
 */
export function inpaintStep(nets: InpaintNets, input: tf.Tensor4D, target: tf.Tensor4D, adversarialWeight: number): InpaintLosses {
  ensureDilatedConvGradient();
  const { generator, critic } = nets;
  const useCritic = critic !== null && adversarialWeight > 0;
  return keepingTensors((keep) => {
    const values = tf.tidy(() => {
      const mask = tf.slice(input, [0, 0, 0, 3], [-1, -1, -1, 1]);
      const judged = (rgb: tf.Tensor) => tf.concat([rgb, mask], -1);
      let composite: tf.Tensor | undefined;
      let adv: tf.Scalar = tf.scalar(0);
      let holeL1: tf.Scalar | undefined;
      const g = tf.variableGrads(() => {
        const fake = generator.apply(input, { training: true }) as tf.Tensor;
        const error = tf.abs(tf.sub(fake, target));
        const holeError = tf.sum(tf.mul(error, mask));
        const knownError = tf.sub(tf.sum(error), holeError);
        holeL1 = keep(tf.div(holeError, tf.maximum(tf.mul(tf.sum(mask), 3), 1)) as tf.Scalar);
        let loss = tf.div(tf.add(knownError, tf.mul(holeError, HOLE_WEIGHT)), error.size) as tf.Scalar;
        composite = keep(tf.add(tf.mul(fake, mask), tf.mul(target, tf.sub(1, mask))));
        if (useCritic) {
          adv = keep(tf.neg(tf.mean(critic.discriminator.apply(judged(composite), { training: true }) as tf.Tensor)) as tf.Scalar);
          loss = tf.add(loss, tf.mul(adv, adversarialWeight));
        }
        return loss;
      }, trainableVariables(generator));
      nets.generatorOptimizer.applyGradients(g.grads);
      let d: tf.Scalar = tf.scalar(0);
      if (useCritic) {
        const constantComposite = composite as tf.Tensor;
        const step = tf.variableGrads(() => {
          const real = critic.discriminator.apply(judged(target), { training: true }) as tf.Tensor;
          const fake = critic.discriminator.apply(judged(constantComposite), { training: true }) as tf.Tensor;
          return tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake)))) as tf.Scalar;
        }, trainableVariables(critic.discriminator));
        critic.optimizer.applyGradients(step.grads);
        d = step.value;
      }
      return tf.stack([adv, holeL1 as tf.Scalar, d]);
    });
    if (useCritic) critic.spectralNorm.normalize();
    const [gAdv, gL1, d] = values.dataSync();
    values.dispose();
    // Without a critic there is no adversarial or D loss: null, not a made-up 0.
    return useCritic ? { gAdv: gAdv as number, gL1: gL1 as number, d: d as number } : { gAdv: null, gL1: gL1 as number, d: null };
  });
}
