import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { cpuCandidate, isMissingPackage, nativeCandidate } from './backend-candidates.js';
import { selectBackend } from './backend-ladder.js';
import { nativeSkipReason } from './test-native.js';

// Real tfjs on this machine. Without a linked libtensorflow the native packages are absent and the ladder ends on
// wasm; with one, native-backend.test.ts covers the ladder instead. Every test sets the backend it needs itself.
const nativeLoads = nativeSkipReason === null;

function moduleNotFound(message: string): Error {
  return Object.assign(new Error(message), { code: 'MODULE_NOT_FOUND' });
}

const withoutNative = (title: string) => (nativeLoads ? `${title} (NOT RUN: tfjs-node loads here)` : title);

describe('the real ladder', () => {
  it.skipIf(nativeLoads)(withoutNative("'auto' picks wasm and says why the native backends were skipped"), async () => {
    const report = await selectBackend('auto');
    expect(report.active).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const byName = Object.fromEntries(report.attempts.map((a) => [a.name, a]));
    expect(byName['tfjs-node-gpu']?.reason).toBe('@tensorflow/tfjs-node-gpu is not installed (optional dependency)');
    expect(byName['tfjs-node']?.reason).toBe('@tensorflow/tfjs-node is not installed (optional dependency)');
    expect(byName.wasm).toMatchObject({ ok: true });
    expect(byName.cpu?.reason).toBe('not tried: wasm already runs');
    expect(report.tfjsVersion).toBe(tf.version.tfjs);
  });

  it("forced 'cpu' runs the pure-JS backend", async () => {
    const report = await selectBackend('cpu');
    expect(report).toMatchObject({ active: 'cpu', preference: 'cpu' });
    expect(tf.getBackend()).toBe('cpu');
  });

  it.skipIf(nativeLoads)(withoutNative("forced 'tfjs-node' falls back to wasm and says the forced one failed"), async () => {
    const report = await selectBackend('tfjs-node');
    expect(report).toMatchObject({ active: 'wasm', preference: 'tfjs-node' });
    expect(tf.getBackend()).toBe('wasm');
    const forced = report.attempts.find((a) => a.name === 'tfjs-node');
    expect(forced?.ok).toBe(false);
    expect(forced?.reason).toMatch(/^forced, but failed: .*not installed/);
    expect(report.attempts.find((a) => a.name === 'wasm')?.reason).toMatch(/^fallback: forced tfjs-node failed/);
  });

  it('the cpu candidate computes', async () => {
    await cpuCandidate.load();
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.tidy(() => Array.from(tf.matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).dataSync()))).toEqual([11]);
  });
});

describe('native candidates', () => {
  it('tells "not installed" apart from "installed but failed to load"', async () => {
    const absent = nativeCandidate('tfjs-node-gpu', () => {
      throw moduleNotFound("Cannot find module '@tensorflow/tfjs-node-gpu'\nRequire stack:\n- /app/index.js");
    });
    await expect(absent.load()).rejects.toThrow('@tensorflow/tfjs-node-gpu is not installed (optional dependency)');

    const brokenLib = nativeCandidate('tfjs-node-gpu', () => {
      throw Object.assign(new Error('libcudnn.so.8: cannot open shared object file: No such file or directory'), {
        code: 'ERR_DLOPEN_FAILED',
      });
    });
    await expect(brokenLib.load()).rejects.toThrow(
      '@tensorflow/tfjs-node-gpu is installed but failed to load: libcudnn.so.8: cannot open shared object file',
    );

    // The package is there but its own compiled binding is not (a failed or foreign-ABI build).
    const missingBinding = nativeCandidate('tfjs-node', () => {
      throw moduleNotFound("Cannot find module '/app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'");
    });
    await expect(missingBinding.load()).rejects.toThrow(/installed but failed to load: Cannot find module .*tfjs_binding/);
  });

  // Once the real tfjs-node has registered 'tensorflow', no stand-in can show that it registered nothing.
  it.skipIf(nativeLoads)(withoutNative('refuses a package that loads without registering its backend'), async () => {
    const inert = nativeCandidate('tfjs-node', () => ({}));
    await expect(inert.load()).rejects.toThrow("registered no 'tensorflow' backend");
  });

  it('isMissingPackage matches only the package itself', () => {
    const pkg = '@tensorflow/tfjs-node';
    expect(isMissingPackage(moduleNotFound(`Cannot find module '${pkg}'`), pkg)).toBe(true);
    expect(isMissingPackage(Object.assign(new Error(`Cannot find package '${pkg}' imported from /x.js`), { code: 'ERR_MODULE_NOT_FOUND' }), pkg)).toBe(true);
    expect(isMissingPackage(moduleNotFound(`Cannot find module '${pkg}/lib/binding.node'`), pkg)).toBe(false);
    expect(isMissingPackage(new Error(`Cannot find module '${pkg}'`), pkg)).toBe(false);
  });
});
