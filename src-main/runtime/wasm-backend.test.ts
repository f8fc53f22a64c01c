import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SANITY_EXPECTED, loadWasmBackend, sanityConv, wasmBinariesDir } from './wasm-backend.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

describe('wasm backend', () => {
  beforeAll(async () => {
    await loadWasmBackend();
  });

  it('reads its binaries from the installed package', () => {
    expect(existsSync(join(wasmBinariesDir(), 'tfjs-backend-wasm-simd.wasm'))).toBe(true);
  });

  it('is active and passes the sanity convolution', async () => {
    await loadWasmBackend(); // idempotent
    expect(tf.getBackend()).toBe('wasm');
    expect(sanityConv()).toEqual([...SANITY_EXPECTED]);
  });

  it('computes a two-channel, two-filter, padded, strided conv2d as worked out by hand', () => {
    tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    // Input 1x4x4x2: channel 0 is 1..16 row-major, channel 1 is all ones.
    const values: number[] = [];
    for (let i = 1; i <= 16; i++) values.push(i, 1);
    const input = tf.tensor4d(values, [1, 4, 4, 2]);
    // Kernel 2x2x2x2 [kh, kw, in, out]. Filter 0: sums channel 0 over the window. Filter 1: top-left of channel 0
    // minus 2x the window's channel 1 sum.
    const k = new Array<number>(16).fill(0);
    const at = (kh: number, kw: number, ci: number, co: number): number => ((kh * 2 + kw) * 2 + ci) * 2 + co;
    for (const [kh, kw] of [[0, 0], [0, 1], [1, 0], [1, 1]] as const) {
      k[at(kh, kw, 0, 0)] = 1;
      k[at(kh, kw, 1, 1)] = -2;
    }
    k[at(0, 0, 0, 1)] = 1;
    const kernel = tf.tensor4d(k, [2, 2, 2, 2]);

    const out = tf.conv2d(input, kernel, 2, 'valid');
    expect(out.shape).toEqual([1, 2, 2, 2]);
    // Windows (stride 2) start at channel-0 values 1, 3, 9, 11; a window [a, a+1, a+4, a+5] sums to 4a+10.
    // Filter 1 = a - 2*4.
    expect(Array.from(out.dataSync())).toEqual([14, -7, 22, -5, 46, 1, 54, 3]);

    // 'same' padding with stride 1 at the bottom-right corner sees only value 16 (and one 1 in channel 1).
    const same = tf.conv2d(input, kernel, 1, 'same');
    expect(same.shape).toEqual([1, 4, 4, 2]);
    expect(Array.from(same.dataSync().slice(-2))).toEqual([16, 16 - 2]);

    tf.dispose([input, kernel, out, same]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
