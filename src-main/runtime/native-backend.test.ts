import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ensureDilatedConvGradient } from '../../models/gated-unet/dilated-conv-gradient.js';
import { buildGatedUnet } from '../../models/gated-unet/gated-unet.js';
import { buildUnetGenerator } from '../../models/pix2pix/unet-generator.js';
import { selectBackend } from './backend-ladder.js';
import { nativeSkipReason, nativeTitle } from './test-native.js';
import { loadWasmBackend } from './wasm-backend.js';

const maxAbs = (a: Float32Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/**
 * max |a−b| over the reference's scale (element-wise ratios blow up near zero), with a floor: a bias followed by
 * batch norm has a gradient that is zero up to rounding, so its own scale is noise.
 */
function relErr(a: Float32Array, b: Float32Array, floor = 1e-12): number {
  expect(a.length).toBe(b.length);
  let num = 0;
  for (let i = 0; i < a.length; i++) num = Math.max(num, Math.abs(a[i]! - b[i]!));
  return num / Math.max(maxAbs(b), floor);
}

function ramp(shape: number[], seed: number): tf.Tensor4D {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor4d(Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed)), shape as [number, number, number, number]);
}

interface Outputs {
  prediction: Float32Array;
  grads: Float32Array[];
}

/** Inference and the L1 gradient of every trainable weight, for one model built the same way on `backend`. */
async function run(backend: 'wasm' | 'tensorflow', build: () => tf.LayersModel, inShape: number[]): Promise<Outputs> {
  if (backend === 'wasm') await loadWasmBackend();
  else await tf.setBackend(backend);
  expect(tf.getBackend()).toBe(backend);
  ensureDilatedConvGradient();
  const model = build();
  try {
    return tf.tidy(() => {
      const x = ramp(inShape, 1);
      const predicted = model.predict(x) as tf.Tensor;
      const target = tf.mul(ramp(predicted.shape, 2), 0.5);
      const { grads } = tf.variableGrads(() => {
        const y = model.apply(x, { training: true }) as tf.Tensor;
        return tf.mean(tf.abs(tf.sub(y, target))) as tf.Scalar;
      });
      const names = model.trainableWeights.map((w) => (w.read() as tf.Variable).name);
      return {
        prediction: Float32Array.from(predicted.dataSync()),
        grads: names.map((n) => Float32Array.from(grads[n]!.dataSync())),
      };
    });
  } finally {
    model.dispose();
  }
}

describe.skipIf(nativeSkipReason !== null)(nativeTitle('tfjs-node with a linked libtensorflow'), () => {
  it("'auto' picks tfjs-node once it loads", async () => {
    const report = await selectBackend('auto');
    expect(report.active).toBe('tfjs-node');
    expect(tf.getBackend()).toBe('tensorflow');
    expect(report.attempts.find((a) => a.name === 'wasm')?.reason).toBe('not tried: tfjs-node already runs');
  });

  it("forced 'tfjs-node' runs it", async () => {
    await loadWasmBackend();
    const report = await selectBackend('tfjs-node');
    expect(report).toMatchObject({ active: 'tfjs-node', preference: 'tfjs-node' });
    expect(report.attempts.find((a) => a.name === 'tfjs-node')?.reason).toBe('forced');
    expect(tf.getBackend()).toBe('tensorflow');
  });

  const models: [string, () => tf.LayersModel, number[]][] = [
    // Strided 4×4 convolutions, transposed convolutions, batch norm, concatenated skips.
    ['the pix2pix colorizer U-Net', () => buildUnetGenerator({ size: 16, width: 4, seed: 7 }), [2, 16, 16, 1]],
    // Gated 3×3/5×5 convolutions, dilated convolutions, upsampling.
    ['the gated inpainting U-Net', () => buildGatedUnet({ size: 16, width: 4, seed: 7 }), [2, 16, 16, 4]],
  ];
  for (const [name, build, inShape] of models) {
    it(`${name}: native and WASM agree on inference and on every weight gradient`, async () => {
      const wasm = await run('wasm', build, inShape);
      const nat = await run('tensorflow', build, inShape);
      expect(relErr(nat.prediction, wasm.prediction)).toBeLessThan(1e-4);
      expect(nat.grads).toHaveLength(wasm.grads.length);
      expect(wasm.grads.length).toBeGreaterThan(4);
      const floor = 1e-3 * Math.max(...wasm.grads.map(maxAbs));
      expect(floor).toBeGreaterThan(0);
      for (const [i, g] of wasm.grads.entries()) {
        expect(relErr(nat.grads[i]!, g, floor), `gradient of weight ${i}`).toBeLessThan(1e-3);
      }
    });
  }
});
