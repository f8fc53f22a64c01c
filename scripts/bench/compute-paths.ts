/**
 * Compute paths side by side (issue 16): one training step (forward, L1, backward, Adam; 128 px, batch 4) and one
 * 512 px inference of the default colorizer U-Net and the default inpainting U-Net, on each tfjs backend this machine
 * has (each in its own process) and, when `python3` has `torch`, on the same networks in PyTorch with 2 threads
 * (scripts/bench/torch_unets.py); the speed ratios; and the CLI's start time against a bare `node -e 0`.
 * Figures are medians of several runs. Writes bench-results/compute-paths.json and returns the object.
 *   node --import tsx scripts/bench/compute-paths.ts
 *   node --import tsx scripts/bench/compute-paths.ts --backend tfjs-node    (one backend, one JSON line)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';
import { ensureDilatedConvGradient } from '../../models/gated-unet/dilated-conv-gradient.js';
import { buildGatedUnet, DEFAULT_GATED_WIDTH } from '../../models/gated-unet/gated-unet.js';
import { trainableVariables } from '../../models/pix2pix/layers.js';
import { buildUnetGenerator, DEFAULT_WIDTH } from '../../models/pix2pix/unet-generator.js';
import type { BackendName } from '../../src-shared/contract/system.js';
import { selectBackend } from '../../src-main/runtime/backend-ladder.js';
import { machine, writeResult } from './machine.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TRAIN = { size: 128, batch: 4, warmup: 2, steps: 8 };
const INFER_SIZE = 512;
const INFER_RUNS = 3;
const START_RUNS = 7;
const BACKENDS: BackendName[] = ['tfjs-node', 'wasm'];
const TORCH_THREADS = 2;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const round = (x: number, digits = 1) => Number(x.toFixed(digits));

const NETWORKS = {
  colorizer: { build: (size: number) => buildUnetGenerator({ size, width: DEFAULT_WIDTH, seed: 1 }), channels: 1 },
  inpainter: { build: (size: number) => buildGatedUnet({ size, width: DEFAULT_GATED_WIDTH, seed: 1 }), channels: 4 },
} as const;
type Network = keyof typeof NETWORKS;

function ramp(shape: [number, number, number, number], seed: number): tf.Tensor4D {
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor4d(Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37 + seed)), shape);
}

function timeNetwork(name: Network): Record<string, number> {
  const { build, channels } = NETWORKS[name];
  const model = build(TRAIN.size);
  const variables = trainableVariables(model);
  const optimizer = tf.train.adam(2e-4, 0.5, 0.999);
  const x = ramp([TRAIN.batch, TRAIN.size, TRAIN.size, channels], 1);
  const target = tf.tidy(() => tf.mul(ramp((model.predict(x) as tf.Tensor4D).shape, 2), 0.5));
  const step = () =>
    tf.tidy(() => {
      const loss = optimizer.minimize(() => tf.mean(tf.abs(tf.sub(model.apply(x, { training: true }) as tf.Tensor, target))) as tf.Scalar, true, variables);
      loss?.dataSync();
    });
  for (let i = 0; i < TRAIN.warmup; i++) step();
  const times: number[] = [];
  for (let i = 0; i < TRAIN.steps; i++) {
    const start = performance.now();
    step();
    times.push(performance.now() - start);
  }
  const parameters = variables.reduce((n, v) => n + v.size, 0);
  tf.dispose([x, target]);
  optimizer.dispose();
  model.dispose();

  const big = build(INFER_SIZE);
  const image = ramp([1, INFER_SIZE, INFER_SIZE, channels], 3);
  const infer = () => tf.tidy(() => (big.predict(image) as tf.Tensor).dataSync());
  infer();
  const inferTimes: number[] = [];
  for (let i = 0; i < INFER_RUNS; i++) {
    const start = performance.now();
    infer();
    inferTimes.push(performance.now() - start);
  }
  image.dispose();
  big.dispose();
  return { msPerStep: round(median(times)), inferenceMs: round(median(inferTimes)), parameters };
}

async function measureBackend(backend: BackendName): Promise<Record<string, unknown>> {
  const report = await selectBackend(backend);
  if (report.active !== backend) return { available: false, why: report.attempts.find((a) => a.name === backend)?.reason };
  ensureDilatedConvGradient();
  return { available: true, colorizer: timeNetwork('colorizer'), inpainter: timeNetwork('inpainter') };
}

function torchFigures(): Record<string, unknown> {
  const args = [path.join(ROOT, 'scripts/bench/torch_unets.py'), '--threads', String(TORCH_THREADS), '--size', String(TRAIN.size)];
  args.push('--batch', String(TRAIN.batch), '--width', String(DEFAULT_WIDTH), '--warmup', String(TRAIN.warmup), '--steps', String(TRAIN.steps));
  args.push('--infer-size', String(INFER_SIZE));
  // Debian's python3-torch lives in the system Python; a pyenv or venv python3 on the PATH may not have it.
  for (const python of ['/usr/bin/python3', 'python3']) {
    const run = spawnSync(python, args, { encoding: 'utf8' });
    if (run.status === 0) return { available: true, python, ...(JSON.parse(run.stdout.trim().split('\n').at(-1) as string) as object) };
  }
  return { available: false, why: 'no python3 with torch (Debian: apt-get install python3-torch)' };
}

function medianWallMs(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const times: number[] = [];
  for (let i = 0; i < START_RUNS; i++) {
    const start = performance.now();
    const run = spawnSync(command, args, { env, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr}`);
    times.push(performance.now() - start);
  }
  return Math.round(median(times));
}

/** The built CLI (out/main/cli.js, run directly so a source newer than the build cannot divert it) and the sources. */
async function cliStart(): Promise<Record<string, unknown>> {
  const built = path.join(ROOT, 'out', 'main', 'cli.js');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kintsugi-bench-start-'));
  const env = { ...process.env, KINTSUGI_DATA_DIR: path.join(dir, 'data') };
  const image = path.join(dir, 'in.png');
  const mask = path.join(dir, 'mask.png');
  const raw = Buffer.from(Array.from({ length: 64 * 64 * 3 }, (_, i) => (i * 7) % 256));
  await sharp(raw, { raw: { width: 64, height: 64, channels: 3 } }).png().toFile(image);
  const hole = Buffer.from(Array.from({ length: 64 * 64 }, (_, i) => ((i >> 6) >= 20 && (i >> 6) < 40 && (i & 63) >= 24 && (i & 63) < 44 ? 255 : 0)));
  await sharp(hole, { raw: { width: 64, height: 64, channels: 1 } }).png().toFile(mask);
  const nodeMs = medianWallMs(process.execPath, ['-e', '0']);
  const fromSourceMs = medianWallMs(process.execPath, [path.join(ROOT, 'bin', 'kintsugi.mjs'), 'models', 'list'], { ...env, KINTSUGI_FROM_SOURCE: '1' });
  if (!existsSync(built)) return { nodeDashE0Ms: nodeMs, modelsListFromSourceMs: fromSourceMs, built: 'no out/main/cli.js: run `npm run build` first' };
  const modelsListMs = medianWallMs(process.execPath, [built, 'models', 'list'], env);
  const inpaint64Ms = medianWallMs(process.execPath, [built, 'inpaint', '--image', image, '--mask', mask, '--out', path.join(dir, 'out.png')], env);
  return {
    nodeDashE0Ms: nodeMs,
    modelsListMs,
    modelsListOverNode: round(modelsListMs / nodeMs),
    inpaint64PatchmatchMs: inpaint64Ms,
    modelsListFromSourceMs: fromSourceMs,
  };
}

function ratio(a: unknown, b: unknown): number | null {
  return typeof a === 'number' && typeof b === 'number' && a > 0 ? round(b / a, 2) : null;
}

type Figures = Record<string, { msPerStep: number; inferenceMs: number } | undefined>;

/** Speed of each path over tfjs-WASM, and tfjs-node against PyTorch (> 1: PyTorch is faster), per network. */
function ratios(paths: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const net of Object.keys(NETWORKS)) {
    const of = (p: string) => (paths[p]?.available ? (paths[p] as Figures)[net] : undefined);
    const [wasm, native, torch] = [of('wasm'), of('tfjs-node'), of('pytorch')];
    out[net] = {
      nativeOverWasmTrain: ratio(native?.msPerStep, wasm?.msPerStep),
      nativeOverWasmInfer: ratio(native?.inferenceMs, wasm?.inferenceMs),
      pytorchOverWasmTrain: ratio(torch?.msPerStep, wasm?.msPerStep),
      pytorchOverWasmInfer: ratio(torch?.inferenceMs, wasm?.inferenceMs),
      nativeSlowerThanPytorchTrain: ratio(torch?.msPerStep, native?.msPerStep),
      nativeSlowerThanPytorchInfer: ratio(torch?.inferenceMs, native?.inferenceMs),
    };
  }
  return out;
}

export async function benchComputePaths(): Promise<Record<string, unknown>> {
  const script = fileURLToPath(import.meta.url);
  const paths: Record<string, Record<string, unknown>> = {};
  for (const backend of BACKENDS) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', script, '--backend', backend], { encoding: 'utf8', maxBuffer: 1 << 24 });
    paths[backend] = JSON.parse(out.trim().split('\n').at(-1) as string) as Record<string, unknown>;
  }
  paths.pytorch = torchFigures();
  const result = {
    ...machine('compute-paths'),
    notes:
      `msPerStep: median of ${TRAIN.steps} generator-only steps (forward, L1 to a fixed target, backward, Adam) at ${TRAIN.size} px, batch ${TRAIN.batch}, after ${TRAIN.warmup} warm-up; ` +
      `inferenceMs: median of ${INFER_RUNS} single ${INFER_SIZE} px predictions. Widths are the defaults (colorizer ${DEFAULT_WIDTH}, inpainter ${DEFAULT_GATED_WIDTH}); PyTorch runs the same networks ` +
      `(scripts/bench/torch_unets.py) with ${TORCH_THREADS} threads. Ratios: speed over tfjs-WASM; nativeSlowerThanPytorch = PyTorch speed / tfjs-node speed (the goal: ≤ 1.5). ` +
      `CLI start: median wall time of ${START_RUNS} runs each. A loaded machine (see loadAverage1m) makes every figure slower and noisier.`,
    paths,
    ratios: ratios(paths),
    cliStart: await cliStart(),
  };
  await writeResult('compute-paths', result);
  return result;
}

const backendArg = process.argv.indexOf('--backend');
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (backendArg > 0) process.stdout.write(`${JSON.stringify(await measureBackend(process.argv[backendArg + 1] as BackendName))}\n`);
  else process.stdout.write(`${JSON.stringify(await benchComputePaths(), null, 2)}\n`);
}
