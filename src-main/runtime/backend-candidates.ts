import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../../src-shared/contract/index.js';
import { assertBackendComputes, loadWasmBackend } from './wasm-backend.js';

/** One rung of the compute ladder. `load` activates the backend or throws an Error whose first line says why not. */
export interface BackendCandidate {
  name: BackendName;
  load(): Promise<void>;
}

/** The native packages are optional dependencies: npm silently drops them where they cannot install. */
export const NATIVE_PACKAGES = {
  'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu',
  'tfjs-node': '@tensorflow/tfjs-node',
} as const satisfies Partial<Record<BackendName, string>>;

const requireHere = createRequire(import.meta.url);

const MAX_REASON = 300;

/** The first non-empty line of an error's message, trimmed to a length a settings page and a terminal can show. */
export function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const line = message.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON - 1)}…` : line;
}

function errorCode(err: unknown): unknown {
  return typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
}

/** True only when `pkg` itself is missing, not when it is present but one of its own files or libraries is. */
export function isMissingPackage(err: unknown, pkg: string): boolean {
  const code = errorCode(err);
  if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return false;
  const line = firstLine(err);
  return line.includes(`'${pkg}'`) || line.includes(`"${pkg}"`);
}

/**
 * Load a tfjs-node flavour. Requiring it registers the 'tensorflow' backend with the shared tfjs core (a missing
 * libcudnn or libtensorflow surfaces here as the loader's error); then it is made the active backend.
 * `load` is injectable for tests.
 */
export function nativeCandidate(
  name: keyof typeof NATIVE_PACKAGES,
  load: (pkg: string) => unknown = (pkg) => requireHere(pkg),
): BackendCandidate {
  const pkg = NATIVE_PACKAGES[name];
  return {
    name,
    async load() {
      try {
        load(pkg);
      } catch (err) {
        if (isMissingPackage(err, pkg)) throw new Error(`${pkg} is not installed (optional dependency)`);
        // e.g. "libcudnn.so.8: cannot open shared object file: No such file or directory"
        throw new Error(`${pkg} is installed but failed to load: ${firstLine(err)}`, { cause: err });
      }
      if (!tf.findBackend('tensorflow')) throw new Error(`${pkg} loaded but registered no 'tensorflow' backend`);
      if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg} loaded but its backend failed to initialise`);
      await tf.ready();
      assertBackendComputes();
    },
  };
}

export const wasmCandidate: BackendCandidate = { name: 'wasm', load: loadWasmBackend };

export const cpuCandidate: BackendCandidate = {
  name: 'cpu',
  async load() {
    if (!(await tf.setBackend('cpu'))) throw new Error('the pure-JS CPU backend failed to initialise');
    await tf.ready();
  },
};

/** DESIGN §2, best first: CUDA, native CPU, WASM, pure JS. */
export function defaultCandidates(): BackendCandidate[] {
  return [nativeCandidate('tfjs-node-gpu'), nativeCandidate('tfjs-node'), wasmCandidate, cpuCandidate];
}
