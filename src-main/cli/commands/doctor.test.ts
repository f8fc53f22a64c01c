import { describe, expect, it } from 'vitest';
import type { BackendAttempt, SystemInfo } from '../../../src-shared/contract/index.js';
import { formatDoctor, linkTensorflowHint } from './doctor.js';

function info(active: SystemInfo['backend']['active'], attempts: BackendAttempt[], platform = 'linux-x64'): SystemInfo {
  return {
    appVersion: '0.1.0',
    capabilities: { nativeDialogs: false, browseFiles: true },
    dataDir: '/data',
    platform,
    versions: {},
    backend: { active, preference: 'auto', attempts, tfjsVersion: '4.22.0' },
  };
}

const gpuAbsent: BackendAttempt = { name: 'tfjs-node-gpu', ok: false, reason: '@tensorflow/tfjs-node-gpu is not installed (optional dependency)' };
const wasmOk: BackendAttempt = { name: 'wasm', ok: true };

describe('doctor: when linking TensorFlow would help', () => {
  it('says so when tfjs-node is absent or cannot find its library on Linux x64', () => {
    for (const reason of [
      '@tensorflow/tfjs-node is not installed (optional dependency)',
      '@tensorflow/tfjs-node is installed but failed to load: libtensorflow.so.2: cannot open shared object file',
    ]) {
      const lines = formatDoctor(info('wasm', [gpuAbsent, { name: 'tfjs-node', ok: false, reason }, wasmOk]), null, 0);
      expect(lines.at(-1)).toMatch(/^Hint {9}`npm run link-tensorflow`/);
    }
  });

  it('stays quiet when a native backend runs, on other platforms, or when the user forced a lower rung', () => {
    const native: BackendAttempt = { name: 'tfjs-node', ok: true };
    expect(linkTensorflowHint(info('tfjs-node', [gpuAbsent, native]))).toBeNull();
    const absent: BackendAttempt = { name: 'tfjs-node', ok: false, reason: '@tensorflow/tfjs-node is not installed (optional dependency)' };
    expect(linkTensorflowHint(info('wasm', [gpuAbsent, absent, wasmOk], 'darwin-arm64'))).toBeNull();
    const forcedPast: BackendAttempt = { name: 'tfjs-node', ok: false, reason: 'not tried: wasm was forced' };
    expect(linkTensorflowHint(info('wasm', [gpuAbsent, forcedPast, wasmOk]))).toBeNull();
    expect(formatDoctor(info('tfjs-node', [gpuAbsent, native]), null, 0).some((l) => l.startsWith('Hint'))).toBe(false);
  });
});
