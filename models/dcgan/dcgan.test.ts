import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWasmBackend } from '../../src-main/runtime/wasm-backend.js';
import { pix2pixOptimizer } from '../pix2pix/pix2pix-step.js';
import { buildDcganDiscriminator } from './dcgan-discriminator.js';
import { buildDcganGenerator, DCGAN_LATENT_SIZE } from './dcgan-generator.js';
import { decodeRgb, encodeRgbBatch } from './gan-io.js';
import { ganStep, type GanNets } from './gan-step.js';
import { createSpectralNorm, WARM_UP_ITERATIONS } from './spectral-norm.js';

beforeAll(async () => {
  await loadWasmBackend();
});

/** Largest singular value of a kernel reshaped to [kh·kw·in, out], by a long power iteration in float64 of our own. */
function largestSingularValue(kernel: tf.Tensor): number {
  const n = kernel.shape.at(-1) as number;
  const w = Float64Array.from(kernel.dataSync());
  const m = w.length / n;
  let v = new Float64Array(n).fill(1);
  let sigma = 0;
  for (let iteration = 0; iteration < 500; iteration++) {
    const wv = new Float64Array(m);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) wv[i]! += w[i * n + j]! * v[j]!;
    const next = new Float64Array(n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) next[j]! += w[i * n + j]! * wv[i]!;
    const norm = Math.hypot(...next);
    sigma = Math.sqrt(norm / Math.hypot(...v));
    v = next.map((x) => x / norm);
  }
  return sigma;
}

function kernelsOf(model: tf.LayersModel): tf.Tensor[] {
  return model.weights.filter((w) => w.originalName.endsWith('/kernel')).map((w) => w.read());
}

function nets(size: 64 | 128, spectralNorm: boolean, seed = 1): GanNets {
  const discriminator = buildDcganDiscriminator({ size, width: 4, spectralNorm, seed: seed + 1 });
  const sn = spectralNorm ? createSpectralNorm(discriminator, seed + 2) : null;
  sn?.normalize(WARM_UP_ITERATIONS);
  return {
    generator: buildDcganGenerator({ size, latentSize: DCGAN_LATENT_SIZE, width: 4, seed }),
    discriminator,
    generatorOptimizer: pix2pixOptimizer(2e-4),
    discriminatorOptimizer: pix2pixOptimizer(2e-4),
    spectralNorm: sn,
  };
}

function disposeNets(n: GanNets): void {
  n.spectralNorm?.dispose();
  n.generatorOptimizer.dispose();
  n.discriminatorOptimizer.dispose();
  n.generator.dispose();
  n.discriminator.dispose();
}

/** Smooth colour fields in [−1, 1], one per image: something a discriminator can tell from noise. */
function realBatch(n: number, size: number): tf.Tensor4D {
  return tf.tidy(() => tf.tanh(tf.randomNormal([n, size / 8, size / 8, 3], 0, 1, 'float32', 9)).resizeBilinear([size, size]) as tf.Tensor4D);
}

describe('DCGAN', () => {
  it.each([64, 128] as const)('at %i px: maps [n, 100] noise to [n, s, s, 3] images in [−1, 1], and images to one logit each', (size) => {
    const { generator, discriminator } = nets(size, false);
    const images = tf.tidy(() => generator.predict(tf.randomNormal([2, DCGAN_LATENT_SIZE], 0, 1, 'float32', 3)) as tf.Tensor);
    expect(images.shape).toEqual([2, size, size, 3]);
    const [min, max] = [images.min().dataSync()[0]!, images.max().dataSync()[0]!];
    expect(min).toBeGreaterThanOrEqual(-1);
    expect(max).toBeLessThanOrEqual(1);
    expect(max - min).toBeGreaterThan(0);
    const logits = discriminator.predict(images) as tf.Tensor;
    expect(logits.shape).toEqual([2, 1]);
    // DCGAN's discriminator: no batch norm on its first layer, batch norm on the others.
    const norms = discriminator.layers.filter((l) => l.getClassName() === 'BatchNormalization').map((l) => l.name);
    expect(norms[0]).toBe('d_2_bn');
    expect(norms).toHaveLength(size === 64 ? 3 : 4);
    tf.dispose([images, logits]);
    generator.dispose();
    discriminator.dispose();
  });

  it('refuses sizes it is not laid out for', () => {
    expect(() => buildDcganGenerator({ size: 256 as 64, latentSize: 100, width: 2, seed: 1 })).toThrow(/64 or 128/);
  });

  it('maps pixels to [−1, 1] and back exactly', () => {
    const image = { width: 2, height: 2, data: Uint8Array.from([0, 1, 127, 128, 200, 255, 3, 4, 5, 6, 7, 8]) };
    const values = encodeRgbBatch([image, image]);
    expect(values[0]).toBe(-1);
    expect(values[5]).toBe(1);
    expect(decodeRgb(values, 1, 2)).toEqual(image);
  });

  it('spectral norm: a known matrix is divided by its largest singular value, and its vector converges', () => {
    const input = tf.input({ shape: [3] });
    const dense = tf.layers.dense({ units: 2, useBias: false });
    const model = tf.model({ inputs: input, outputs: dense.apply(input) as tf.SymbolicTensor });
    // Singular values 3 and 0.5: after normalisation, 1 and 1/6.
    dense.setWeights([tf.tensor2d([[3, 0], [0, 0.5], [0, 0]])]);
    const sn = createSpectralNorm(model, 1);
    sn.normalize(WARM_UP_ITERATIONS);
    const kernel = dense.getWeights()[0]!;
    expect(Array.from(kernel.dataSync()).map((x) => Number(x.toFixed(5)))).toEqual([1, 0, 0, 1 / 6, 0, 0].map((x) => Number(x.toFixed(5))));
    const u = Object.values(sn.vectors)[0]!;
    expect(Math.abs(u.dataSync()[0]!)).toBeCloseTo(1, 5);
    sn.dispose();
    model.dispose();
  });

  it.each([64, 128] as const)('steps at %i px with hinge and BCE loss, spectral norm or not, without NaN and with a flat tensor count', (size) => {
    for (const [loss, spectralNorm] of [['hinge', true], ['bce', false]] as const) {
      const n = nets(size, spectralNorm);
      const real = realBatch(2, size);
      const noise = tf.randomNormal([2, DCGAN_LATENT_SIZE], 0, 1, 'float32', 5) as tf.Tensor2D;
      const generatorBefore = kernelsOf(n.generator).map((k) => k.dataSync().slice());
      const first = ganStep(n, real, noise, loss);
      const before = tf.memory().numTensors;
      const losses = [first, ganStep(n, real, noise, loss), ganStep(n, real, noise, loss)];
      expect(tf.memory().numTensors).toBe(before);
      for (const l of losses) expect([l.gAdv, l.d].every(Number.isFinite)).toBe(true);
      // The discriminator learns to tell these apart: its loss moves, and the generator's weights move.
      expect(losses[2]!.d).not.toBe(losses[0]!.d);
      expect(kernelsOf(n.generator).map((k) => k.dataSync())).not.toEqual(generatorBefore);
      tf.dispose([real, noise]);
      disposeNets(n);
    }
  });

  it('spectral norm keeps the largest singular value of every discriminator kernel near 1 while training', () => {
    const n = nets(64, true);
    expect(kernelsOf(n.discriminator)).toHaveLength(5);
    for (const kernel of kernelsOf(n.discriminator)) expect(Math.abs(largestSingularValue(kernel) - 1)).toBeLessThan(0.02);
    const real = realBatch(2, 64);
    const noise = tf.randomNormal([2, DCGAN_LATENT_SIZE], 0, 1, 'float32', 6) as tf.Tensor2D;
    for (let i = 0; i < 5; i++) ganStep(n, real, noise, 'hinge');
    for (const kernel of kernelsOf(n.discriminator)) expect(Math.abs(largestSingularValue(kernel) - 1)).toBeLessThan(0.02);
    // Without spectral norm the same training leaves σ wherever it falls (the N(0, 0.02) start is far below 1).
    const plain = nets(64, false);
    ganStep(plain, real, noise, 'hinge');
    expect(largestSingularValue(kernelsOf(plain.discriminator)[0]!)).toBeLessThan(0.5);
    tf.dispose([real, noise]);
    disposeNets(n);
    disposeNets(plain);
  });
});
