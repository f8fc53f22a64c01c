import * as tf from '@tensorflow/tfjs';

/** Checkpoint variables of the average start with this. */
export const AVERAGE_PREFIX = 'average/';

/** Upper bound of the averaging decay: late in a long run the average spans about the last 1000 steps. */
export const MAX_DECAY = 0.999;

/**
 * Decay of the average after `step` updates: (1 + step) / (10 + step), capped at MAX_DECAY (TensorFlow's
 * ExponentialMovingAverage with num_updates). Early on the average follows the weights closely, so it is not held
 * back by the random start; later it spans more and more steps. A function of the step alone, so a resumed run
 * averages exactly as an uninterrupted one.
 */
export function decayAt(step: number): number {
  return Math.min(MAX_DECAY, (1 + step) / (10 + step));
}

/**
 * An exponential moving average of a network's weights (Polyak averaging, as in Karras et al.'s progressive GANs).
 * Small-batch training on a laptop moves the weights around a good region rather than into it: validation L1 of a
 * colorizer swung by ±5% between checkpoints 200 steps apart. The average sits in the middle of that swing, so
 * validation, previews and the exported model use it, while the optimizer keeps stepping the live weights.
 */
export class WeightAverage {
  /** One shadow per model weight (batch-norm statistics included), keyed `average/<weight name>` for checkpoints. */
  readonly variables: Readonly<Record<string, tf.Variable>>;
  private readonly pairs: { live: tf.LayerVariable; shadow: tf.Variable }[];

  constructor(model: tf.LayersModel) {
    const variables: Record<string, tf.Variable> = {};
    this.pairs = model.weights.map((live, i) => {
      // Keyed by position and the name the layer gave it: tfjs suffixes `name` to keep it unique in the process, so a
      // model loaded from a checkpoint may not get the same `name` as the one that wrote it.
      const shadow = tf.variable(live.read(), false);
      variables[`${AVERAGE_PREFIX}${i}/${live.originalName}`] = shadow;
      return { live, shadow };
    });
    this.variables = variables;
  }

  /** Fold the live weights in after optimizer step number `step` (1 for the first). */
  update(step: number): void {
    const decay = decayAt(step);
    // shadow += (1 − decay)(live − shadow): a weight that does not move (a frozen encoder) stays bit-identical,
    // which shadow·decay + live·(1 − decay) would not be in float32.
    tf.tidy(() => {
      for (const { live, shadow } of this.pairs) shadow.assign(tf.add(shadow, tf.mul(tf.sub(live.read(), shadow), 1 - decay)));
    });
  }

  /** Start the average at the live weights (a fresh run, or a checkpoint written before averaging existed). */
  reset(): void {
    for (const { live, shadow } of this.pairs) shadow.assign(live.read());
  }

  /** Run `use` with the averaged weights in the model, then put the live weights back, even if `use` throws. */
  async withAveraged<T>(use: () => T | Promise<T>): Promise<T> {
    const saved = this.pairs.map(({ live }) => tf.clone(live.read()));
    try {
      this.pairs.forEach(({ live, shadow }) => live.write(shadow));
      return await use();
    } finally {
      this.pairs.forEach(({ live }, i) => live.write(saved[i] as tf.Tensor));
      tf.dispose(saved);
    }
  }

  dispose(): void {
    tf.dispose(Object.values(this.variables));
  }
}
