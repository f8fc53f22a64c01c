/**
 * Step time of a small U-Net-ish model on the wasm backend, with the stock Conv2DBackpropInput ("before"; our
 * Conv2DBackpropFilter is still needed, as wasm has none) or with both replacement kernels ("after").
 *   node --import tsx scripts/bench/wasm-conv-grads.ts [before|after] [size] [batch] [steps]
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { wasmBinariesDir } from '../../src-main/runtime/wasm-backend.js';
import { conv2DBackpropFilterWasm, registerWasmConvGradKernels } from '../../src-main/runtime/wasm-kernels/conv-backprop.js';

const mode = process.argv[2] ?? 'after';
const size = Number(process.argv[3] ?? 64);
const batch = Number(process.argv[4] ?? 4);
const steps = Number(process.argv[5] ?? 8);

setWasmPaths(wasmBinariesDir());
await tf.setBackend('wasm');
await tf.ready();
if (mode === 'after') registerWasmConvGradKernels();
else tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: conv2DBackpropFilterWasm as unknown as tf.KernelFunc });

const inp = tf.input({ shape: [size, size, 3] });
const e1 = tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(inp) as tf.SymbolicTensor;
const e2 = tf.layers.conv2d({ filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(e1) as tf.SymbolicTensor;
const d1 = tf.layers.conv2dTranspose({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu' }).apply(e2) as tf.SymbolicTensor;
const cat = tf.layers.concatenate().apply([d1, e1]) as tf.SymbolicTensor;
const out = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same' }).apply(cat) as tf.SymbolicTensor;
const model = tf.model({ inputs: inp, outputs: out });

const xs = tf.randomUniform([batch, size, size, 3]);
const ys = tf.randomUniform([batch, size, size, 3]);
const opt = tf.train.adam(1e-3);
const step = () => {
  const loss = opt.minimize(() => tf.losses.meanSquaredError(ys, model.apply(xs) as tf.Tensor) as tf.Scalar, true)!;
  const v = loss.dataSync()[0]!;
  loss.dispose();
  return v;
};
step(); step(); // warm-up (XNNPACK operator creation, optimizer slots)
const t0 = performance.now();
let last = 0;
for (let i = 0; i < steps; i++) last = step();
const ms = (performance.now() - t0) / steps;
console.log(JSON.stringify({ mode, size, batch, steps, msPerStep: Math.round(ms * 10) / 10, loss: last, numTensors: tf.memory().numTensors }));
