import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWasmBackend } from '../../src-main/runtime/wasm-backend.js';
import { AB_SCALE, decodeAb, encodeAb, encodeL, predictAb } from './colorize-io.js';
import { buildPatchDiscriminator } from './patch-discriminator.js';
import { pix2pixOptimizer, pix2pixStep, type Pix2PixNets } from './pix2pix-step.js';
import { buildUnetGenerator, ENCODER_PREFIX, encoderLayers, unetDepth } from './unet-generator.js';

beforeAll(async () => {
  await loadWasmBackend();
});

function tinyNets(size: number, seed = 1): Pix2PixNets {
  return {
    generator: buildUnetGenerator({ size, width: 4, seed }),
    discriminator: buildPatchDiscriminator({ size, width: 4, channels: 3, seed: seed + 1 }),
    generatorOptimizer: pix2pixOptimizer(2e-3),
    discriminatorOptimizer: pix2pixOptimizer(2e-3),
  };
}

/** A fixed batch whose ab is a function of L and position, so a generator can fit it. */
function fixedBatch(n: number, size: number): { input: tf.Tensor4D; target: tf.Tensor4D } {
  return tf.tidy(() => {
    const ramp = tf.linspace(-1, 1, size);
    const rows = tf.tile(tf.reshape(ramp, [1, size, 1, 1]), [n, 1, size, 1]);
    const cols = tf.tile(tf.reshape(ramp, [1, 1, size, 1]), [n, size, 1, 1]);
    const input = tf.mul(tf.add(rows, cols), 0.5) as tf.Tensor4D;
    const target = tf.concat([tf.mul(rows, 0.4), tf.mul(tf.neg(input), 0.3)], -1) as tf.Tensor4D;
    return { input, target };
  });
}

describe('pix2pix U-Net generator', () => {
  it('goes down to a 2×2 bottleneck for each working size', () => {
    expect([64, 128, 256].map(unetDepth)).toEqual([5, 6, 7]);
    expect(() => unetDepth(100)).toThrow(RangeError);
  });

  it('maps [n, s, s, 1] to [n, s, s, 2] in [−1, 1] and names its encoder layers for freezing', () => {
    const generator = buildUnetGenerator({ size: 64, width: 2, seed: 3 });
    const out = tf.tidy(() => generator.predict(tf.randomUniform([2, 64, 64, 1], -1, 1, 'float32', 5)) as tf.Tensor);
    expect(out.shape).toEqual([2, 64, 64, 2]);
    const values = out.dataSync();
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1);
    out.dispose();
    const encoder = encoderLayers(generator);
    expect(encoder.length).toBeGreaterThan(0);
    expect(encoder.every((l) => l.name.startsWith(ENCODER_PREFIX))).toBe(true);
    // Every stride-2 convolution of the encoder is there: one per level.
    expect(encoder.filter((l) => l.name.endsWith('_conv'))).toHaveLength(unetDepth(64));
    generator.dispose();
  });

  it('starts from the same weights for the same seed', () => {
    const a = buildUnetGenerator({ size: 16, width: 2, seed: 9 });
    const b = buildUnetGenerator({ size: 16, width: 2, seed: 9 });
    const wa = a.getWeights().map((w) => Array.from(w.dataSync()));
    const wb = b.getWeights().map((w) => Array.from(w.dataSync()));
    expect(wb).toEqual(wa);
    a.dispose();
    b.dispose();
  });

  it('saves and loads back with plain tf.loadLayersModel (built-in layers only)', async () => {
    const generator = buildUnetGenerator({ size: 16, width: 2, seed: 4 });
    let artifacts: tf.io.ModelArtifacts | undefined;
    await generator.save(tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(a) };
    }));
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts as tf.io.ModelArtifacts));
    const L = Float32Array.from({ length: 256 }, (_, i) => (i % 101) / 1.01);
    expect(predictAb(loaded, L, 16)).toEqual(predictAb(generator, L, 16));
    generator.dispose();
    loaded.dispose();
  });
});

describe('colorize io', () => {
  it('scales L* to [−1, 1] and ab by 1/128, clamping the target to tanh range', () => {
    expect(Array.from(encodeL(Float32Array.of(0, 50, 100)))).toEqual([-1, 0, 1]);
    const ab = encodeAb(Float32Array.of(64, -200), Float32Array.of(-32, 127));
    expect(Array.from(ab)).toEqual([0.5, -0.25, -1, 127 / AB_SCALE]);
    const { a, b } = decodeAb(Float32Array.of(0.5, -0.25));
    expect([a[0], b[0]]).toEqual([64, -32]);
  });
});

describe('pix2pix step', () => {
  it('returns the three losses and lowers L1 on a fixed batch', () => {
    const nets = tinyNets(16);
    const { input, target } = fixedBatch(4, 16);
    const l1: number[] = [];
    for (let i = 0; i < 30; i++) {
      const losses = pix2pixStep(nets, input, target, 100);
      expect(Object.values(losses).every(Number.isFinite)).toBe(true);
      l1.push(losses.gL1);
    }
    const first = (l1[0] as number + (l1[1] as number)) / 2;
    const last = (l1[28] as number + (l1[29] as number)) / 2;
    expect(last).toBeLessThan(first * 0.6);
    tf.dispose([input, target]);
  });

  it('keeps the tensor count flat from step to step', () => {
    const nets = tinyNets(16, 7);
    const { input, target } = fixedBatch(2, 16);
    // The first steps create the optimizers' moment variables; after that nothing may accumulate.
    pix2pixStep(nets, input, target, 100);
    pix2pixStep(nets, input, target, 100);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) pix2pixStep(nets, input, target, 100);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([input, target]);
  });
});
