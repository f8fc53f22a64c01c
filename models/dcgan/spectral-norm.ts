import * as tf from '@tensorflow/tfjs';

/** Guards the normalisations of the power iteration against a zero vector. */
const EPSILON = 1e-12;

/** Power iterations run once on fresh vectors, so the first estimate of σ is already close. */
export const WARM_UP_ITERATIONS = 50;

/**
 * Spectral normalisation (Miyato et al. 2018) of every convolution and dense kernel of a model, done by projection:
 * `normalize()` divides each kernel in place by its largest singular value σ, and the training step calls it after
 * each discriminator update, so every forward pass sees σ ≈ 1. Dividing in the forward pass instead would need a
 * custom layer, and then a saved discriminator would not load with plain `tf.loadLayersModel`; the projection keeps
 * the networks built-in layers only, and the weights a checkpoint holds are the normalised ones.
 *
 * σ is estimated by power iteration on the kernel reshaped to a [kh·kw·in, out] matrix, one iteration per call,
 * continuing from the previous call's vector u (the weights change little between steps, so u stays converged).
 * The u vectors are state: a checkpoint stores `vectors` and a resumed run continues the same iteration.
 */
export interface SpectralNorm {
  /** One u vector per normalised kernel ([out, 1]), by the kernel's layer name. */
  readonly vectors: Readonly<Record<string, tf.Variable>>;
  /** Divide every kernel by its σ, estimated after `iterations` power iterations (default 1). */
  normalize(iterations?: number): void;
  dispose(): void;
}

interface Normalised {
  kernel: tf.Variable;
  u: tf.Variable;
}

/** The kernels of `model`'s layers (convolutions and dense layers have one; activations, norms and reshapes none). */
function kernels(model: tf.LayersModel): { layer: string; kernel: tf.Variable }[] {
  return model.layers.flatMap((layer) =>
    layer.trainableWeights.filter((w) => w.originalName.endsWith('/kernel')).map((w) => ({ layer: layer.name, kernel: w.read() as tf.Variable })),
  );
}

function unit(v: tf.Tensor2D): tf.Tensor2D {
  return tf.div(v, tf.add(tf.norm(v), EPSILON));
}

/** `seed` draws the starting u vectors (replaced by a checkpoint's on resume). */
export function createSpectralNorm(model: tf.LayersModel, seed: number): SpectralNorm {
  const normalised = new Map<string, Normalised>();
  kernels(model).forEach(({ layer, kernel }, i) => {
    const out = kernel.shape.at(-1) as number;
    // Unnamed: tfjs variable names are process-wide, and two runs (or tests) may normalise layers of the same name.
    const start = tf.tidy(() => unit(tf.randomNormal([out, 1], 0, 1, 'float32', seed + i)));
    const u = tf.variable(start, false);
    // The variable holds its own reference to the values.
    start.dispose();
    normalised.set(layer, { kernel, u });
  });
  return {
    vectors: Object.fromEntries([...normalised].map(([layer, { u }]) => [layer, u])),
    normalize(iterations = 1) {
      for (const { kernel, u } of normalised.values()) {
        tf.tidy(() => {
          const w = tf.reshape(kernel, [-1, kernel.shape.at(-1) as number]) as tf.Tensor2D;
          let right: tf.Tensor2D = u as tf.Tensor2D;
          for (let i = 0; i < iterations; i++) right = unit(tf.matMul(w, unit(tf.matMul(w, right)), true));
          // σ ≈ ‖W u‖ for the converged right singular vector u (from below: the estimate never overshoots).
          u.assign(right);
          kernel.assign(tf.div(kernel, tf.norm(tf.matMul(w, right))));
        });
      }
    },
    dispose() {
      for (const { u } of normalised.values()) u.dispose();
    },
  };
}
