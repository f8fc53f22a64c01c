/**
 * Fast Conv2D gradient kernels for the `wasm` backend of TensorFlow.js 4.22.
 *
 * tfjs-backend-wasm 4.22 has no `Conv2DBackpropFilter` kernel (training any conv model fails there) and its
 * `Conv2DBackpropInput` is a plain scalar loop. Both are re-expressed here as layout shuffles (Reshape, Transpose,
 * PadV2, Reverse, Slice) around the backend's XNNPACK `Conv2D`. The wasm kernels are called directly (not through
 * the engine): intermediates are backend TensorInfos released with `backend.disposeData`, so nothing is recorded on
 * the gradient tape or tracked in the engine's scopes, and the returned TensorInfo is owned by the backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelBackend, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

type Backend = KernelBackend;
type Pads = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
type Pair = number | [number, number];

interface Ctx {
  backend: Backend;
  /** TensorInfos created by this kernel call that must be released before returning. */
  temps: TensorInfo[];
}

function call(ctx: Ctx, name: string, inputs: Record<string, TensorInfo>, attrs: NamedAttrMap): TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`wasm kernel ${name} is not registered`);
  const out = kernel.kernelFunc({ inputs, attrs, backend: ctx.backend }) as TensorInfo;
  ctx.temps.push(out);
  return out;
}

function release(ctx: Ctx, keep: TensorInfo): void {
  for (const t of ctx.temps) if (t !== keep) ctx.backend.disposeData(t.dataId);
  ctx.temps.length = 0;
}

const reshape = (c: Ctx, x: TensorInfo, shape: number[]) => call(c, 'Reshape', { x }, { shape });
const transpose = (c: Ctx, x: TensorInfo, perm: number[]) => call(c, 'Transpose', { x }, { perm });
const pad = (c: Ctx, x: TensorInfo, paddings: Array<[number, number]>) =>
  call(c, 'PadV2', { x }, { paddings, constantValue: 0 });
const slice = (c: Ctx, x: TensorInfo, begin: number[], size: number[]) => call(c, 'Slice', { x }, { begin, size });
const reverse = (c: Ctx, x: TensorInfo, dims: number[]) => call(c, 'Reverse', { x }, { dims });

/**
 * Valid (or explicitly padded) XNNPACK convolution. Negative pads crop the input first (Slice); non-negative pads are
 * passed to the convolution itself so no padded copy is made.
 */
function conv(
  c: Ctx,
  x: TensorInfo,
  filter: TensorInfo,
  strides: [number, number],
  dilations: [number, number],
  pads: { top: number; bottom: number; left: number; right: number },
): TensorInfo {
  let { top, bottom, left, right } = pads;
  if (top < 0 || bottom < 0 || left < 0 || right < 0) {
    const [n, h, w, ch] = x.shape as [number, number, number, number];
    const cropT = Math.max(0, -top), cropB = Math.max(0, -bottom);
    const cropL = Math.max(0, -left), cropR = Math.max(0, -right);
    x = slice(c, x, [0, cropT, cropL, 0], [n, h - cropT - cropB, w - cropL - cropR, ch]);
    top = Math.max(0, top); bottom = Math.max(0, bottom); left = Math.max(0, left); right = Math.max(0, right);
  }
  const explicit = [[0, 0], [top, bottom], [left, right], [0, 0]];
  return call(c, 'Conv2D', { x, filter }, {
    strides, dilations, pad: explicit as unknown as NamedAttrMap[string], dataFormat: 'NHWC', dimRoundingMode: null as unknown as string,
  } as NamedAttrMap);
}

const pair = (v: Pair | undefined): [number, number] => (v == null ? [1, 1] : typeof v === 'number' ? [v, v] : v);

function checkFormat(dataFormat: unknown): void {
  if (dataFormat != null && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new Error(`wasm conv gradients support dataFormat NHWC only, got ${String(dataFormat)}`);
  }
}

/** dW[i,j,c,o] = Σ_{n,y,x} xpad[n, y·s + i·d, x·s + j·d, c] · dy[n,y,x,o]. */
export function conv2DBackpropFilterWasm(args: { inputs: object; backend: Backend; attrs?: NamedAttrMap }): TensorInfo {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = (args.attrs ?? {}) as NamedAttrMap;
  checkFormat(attrs['dataFormat']);
  const filterShape = attrs['filterShape'] as [number, number, number, number];
  const strides = pair(attrs['strides'] as Pair);
  const dilations = pair(attrs['dilations'] as Pair | undefined);
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], filterShape, strides, dilations, attrs['pad'] as Pads,
    (attrs['dimRoundingMode'] ?? undefined) as 'floor' | 'round' | 'ceil' | undefined, false, 'channelsLast');
  const [fh, fw, inC, outC] = filterShape;
  const [, H, W] = x.shape as [number, number, number, number];
  const [, OH, OW] = dy.shape as [number, number, number, number];
  const [sh, sw] = strides;
  const [dh, dw] = dilations;
  const { top, left } = info.padInfo;
  // Rows of the padded input the forward conv actually read: (OH-1)·s + (fh-1)·d + 1.
  const needH = (OH - 1) * sh + (fh - 1) * dh + 1;
  const needW = (OW - 1) * sw + (fw - 1) * dw + 1;
  const c: Ctx = { backend: args.backend, temps: [] };
  try {
    // Batch becomes the channel axis: x → [inC, H, W, N]; dy → filter [OH, OW, N, outC].
    const xt = transpose(c, x, [3, 1, 2, 0]);
    const dyt = transpose(c, dy, [1, 2, 0, 3]);
    // Convolution strided by the dilation and dilated by the stride, over exactly the needed window.
    const out = conv(c, xt, dyt, [dh, dw], [sh, sw], {
      top, bottom: needH - H - top, left, right: needW - W - left,
    }); // [inC, fh, fw, outC]
    const [, oh, ow] = out.shape as [number, number, number, number];
    if (oh !== fh || ow !== fw) throw new Error(`Conv2DBackpropFilter(wasm): internal shape ${oh}x${ow} != ${fh}x${fw}`);
    const result = transpose(c, out, [1, 2, 0, 3]); // [fh, fw, inC, outC]
    if (result.shape[2] !== inC || result.shape[3] !== outC) throw new Error('Conv2DBackpropFilter(wasm): channel mismatch');
    release(c, result);
    return result;
  } catch (e) {
    release(c, null as unknown as TensorInfo);
    throw e;
  }
}

/**
 * dx = zero-insert(dy, stride) padded by (k-1)·d - p, convolved (stride 1, dilation d) with the spatially flipped,
 * in/out-swapped filter.
 */
export function conv2DBackpropInputWasm(args: { inputs: object; backend: Backend; attrs?: NamedAttrMap }): TensorInfo {
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = (args.attrs ?? {}) as NamedAttrMap;
  checkFormat(attrs['dataFormat']);
  const inputShape = attrs['inputShape'] as [number, number, number, number];
  const strides = pair(attrs['strides'] as Pair);
  const dilations = pair(attrs['dilations'] as Pair | undefined);
  const filterShape = filter.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    inputShape, filterShape, strides, dilations, attrs['pad'] as Pads,
    (attrs['dimRoundingMode'] ?? undefined) as 'floor' | 'round' | 'ceil' | undefined, false, 'channelsLast');
  const [fh, fw, inC, outC] = filterShape;
  const [N, H, W] = inputShape;
  const [, OH, OW] = dy.shape as [number, number, number, number];
  const [sh, sw] = strides;
  const [dh, dw] = dilations;
  const { top, left } = info.padInfo;
  const c: Ctx = { backend: args.backend, temps: [] };
  try {
    // Zero insertion by reshape + pad (4-D pads only): [N,OH,OW,C] → [N,OH·sh,OW·sw,C], dy at multiples of s.
    let z: TensorInfo = dy;
    if (sw > 1) {
      z = reshape(c, z, [N * OH, OW, 1, outC]);
      z = pad(c, z, [[0, 0], [0, 0], [0, sw - 1], [0, 0]]);
    }
    if (sh > 1) {
      z = reshape(c, z, [N, OH, 1, OW * sw * outC]);
      z = pad(c, z, [[0, 0], [0, 0], [0, sh - 1], [0, 0]]);
    }
    if (sh > 1 || sw > 1) z = reshape(c, z, [N, OH * sh, OW * sw, outC]);
    const zh = OH * sh, zw = OW * sw;
    // Flip spatially and swap in/out: [fh, fw, outC, inC].
    const wf = transpose(c, reverse(c, filter, [0, 1]), [0, 1, 3, 2]);
    const padTop = (fh - 1) * dh - top;
    const padLeft = (fw - 1) * dw - left;
    const dx = conv(c, z, wf, [1, 1], [dh, dw], {
      top: padTop, bottom: H + (fh - 1) * dh - padTop - zh,
      left: padLeft, right: W + (fw - 1) * dw - padLeft - zw,
    });
    if (dx.shape[1] !== H || dx.shape[2] !== W || dx.shape[3] !== inC) {
      throw new Error(`Conv2DBackpropInput(wasm): internal shape ${dx.shape} != ${inputShape}`);
    }
    release(c, dx);
    return dx;
  } catch (e) {
    release(c, null as unknown as TensorInfo);
    throw e;
  }
}

let registered = false;

/**
 * Register the fast gradient kernels for the `wasm` backend (replacing the stock `Conv2DBackpropInput`). Idempotent;
 * call after `tf.setBackend('wasm')` has resolved so the kernels they use are set up.
 */
export function registerWasmConvGradKernels(): void {
  if (registered) return;
  for (const [kernelName, kernelFunc] of [
    ['Conv2DBackpropFilter', conv2DBackpropFilterWasm],
    ['Conv2DBackpropInput', conv2DBackpropInputWasm],
  ] as const) {
    if (tf.getKernel(kernelName, 'wasm')) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
  registered = true;
}
