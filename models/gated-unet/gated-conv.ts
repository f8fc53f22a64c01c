import * as tf from '@tensorflow/tfjs';

export interface GatedConvOptions {
  /** Layer-name stem: the parts are `<name>_feat`, `<name>_gate` (+ `<name>_gate_1x1` when dilated) and `<name>` (their product). */
  name: string;
  filters: number;
  kernelSize: number;
  strides?: number;
  dilationRate?: number;
  seed: number;
}

/**
 * A gated convolution (Yu et al. 2019, DeepFill v2): features φ(W_f·x) times a learned soft mask σ(W_g·x), so every
 * layer decides per pixel and channel how much of its input is valid, which is what lets a network treat a blanked
 * hole differently from real pixels without hand-made mask updates (partial convolutions). Built from plain conv2d
 * layers joined by `multiply`, so a saved model needs no custom layer to load. φ is ELU, as in DeepFill v2.
 *
 * Dilated gates are σ(W_1×1 · ELU(W_g ⊛_r x)) instead of σ(W_g ⊛_r x): tfjs runs a convolution whose activation is
 * linear or sigmoid as a fused op whose gradient refuses dilations, while an ELU convolution runs unfused during
 * training, through the plain Conv2D gradient that dilated-conv-gradient.ts extends. The 1×1 layer is undilated,
 * so the fused op is fine there.
 */
export function gatedConv(x: tf.SymbolicTensor, options: GatedConvOptions): tf.SymbolicTensor {
  const { name, filters, kernelSize, seed } = options;
  const dilationRate = options.dilationRate ?? 1;
  const conv = (suffix: string, activation: 'elu' | 'sigmoid', s: number, size = kernelSize, rate = dilationRate) =>
    tf.layers.conv2d({
      name: `${name}_${suffix}`,
      filters,
      kernelSize: size,
      strides: options.strides ?? 1,
      dilationRate: rate,
      padding: 'same',
      activation,
      kernelInitializer: tf.initializers.glorotUniform({ seed: s }),
    });
  const features = conv('feat', 'elu', seed).apply(x) as tf.SymbolicTensor;
  const gate =
    dilationRate === 1
      ? (conv('gate', 'sigmoid', seed + 7919).apply(x) as tf.SymbolicTensor)
      : (conv('gate_1x1', 'sigmoid', seed + 7920, 1, 1).apply(conv('gate', 'elu', seed + 7919).apply(x)) as tf.SymbolicTensor);
  return tf.layers.multiply({ name }).apply([features, gate]) as tf.SymbolicTensor;
}
