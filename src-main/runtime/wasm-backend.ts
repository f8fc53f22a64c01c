import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmConvGradKernels } from './wasm-kernels/conv-backprop.js';

const requireHere = createRequire(import.meta.url);

/** Folder holding the `.wasm` binaries of `@tensorflow/tfjs-backend-wasm`, with a trailing separator (a prefix). */
export function wasmBinariesDir(): string {
  return dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + sep;
}

/**
 * A 2x2 "valid" convolution over a 3x3 single-channel ramp, small enough to check by hand:
 * input rows [1 2 3] [4 5 6] [7 8 9], kernel [[1 0] [0 1]] → [1+5, 2+6, 4+8, 5+9].
 */
export const SANITY_EXPECTED = [6, 8, 12, 14] as const;

/** Run the sanity convolution on the active backend and return its output. */
export function sanityConv(): number[] {
  return tf.tidy(() => {
    const input = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const kernel = tf.tensor4d([1, 0, 0, 1], [2, 2, 1, 1]);
    return Array.from(tf.conv2d(input, kernel, 1, 'valid').dataSync());
  });
}

/** Throws unless the active backend computes the sanity convolution correctly. */
export function assertBackendComputes(): void {
  const got = sanityConv();
  const ok = got.length === SANITY_EXPECTED.length && got.every((v, i) => Math.abs(v - SANITY_EXPECTED[i]!) < 1e-4);
  if (!ok) throw new Error(`${tf.getBackend()} backend computed a wrong test convolution: [${got.join(', ')}]`);
}

let pathsSet = false;

/**
 * Activate the WASM backend (SIMD; threads where the host allows). The binaries are read from the installed package,
 * never fetched, so this works offline and inside a packaged app.
 */
export async function loadWasmBackend(): Promise<void> {
  if (!pathsSet) {
    // Must precede the first setBackend('wasm'): the backend reads the prefix once, when it initialises.
    setWasmPaths(wasmBinariesDir());
    pathsSet = true;
  }
  if (!(await tf.setBackend('wasm'))) throw new Error('the WASM backend failed to initialise (see the log for the cause)');
  registerWasmConvGradKernels();
  await tf.ready();
  assertBackendComputes();
}
