import type { BackendName } from '../../../src-shared/contract/index.js';

/**
 * The compute backends in the order the app tries them, with a plain-words label. Written out here instead of
 * importing the contract's runtime list, which would pull zod into the page; the check below fails the build if
 * the contract gains a backend this list lacks.
 */
export const BACKENDS = [
  { name: 'tfjs-node-gpu', label: 'GPU (CUDA, tfjs-node-gpu)' },
  { name: 'tfjs-node', label: 'Native CPU (tfjs-node)' },
  { name: 'wasm', label: 'WebAssembly (SIMD)' },
  { name: 'cpu', label: 'Plain JavaScript (slowest)' },
] as const satisfies readonly { name: BackendName; label: string }[];

type Unlisted = Exclude<BackendName, (typeof BACKENDS)[number]['name']>;
/** @public Never imported: it exists for the type check, which fails while the list misses one. */
export const ALL_BACKENDS_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;
