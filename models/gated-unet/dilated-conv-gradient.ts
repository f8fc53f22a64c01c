import * as tf from '@tensorflow/tfjs';

/**
 * tfjs 4.22 has no gradient for dilated Conv2D (its Conv2D gradient asserts dilation 1), and the gated U-Net's
 * bottleneck is dilated. This wraps the registered Conv2D gradient: dilation 1 goes to it unchanged; stride-1 NHWC
 * convolutions with dilation r get exact gradients from ops every backend has:
 *  - dx: the forward convolution of dy, padded the other way round, with the kernel flipped spatially and its in/out
 *    channels swapped, at the same dilation (y[p] = Σᵢ x[p + i·r − before]·W[i] ⇒ dx[q] = Σᵢ dy[q − i·r + before]·W[i]);
 *  - dW: one convolution of the input with dy as its filter, strided by the dilation (see filterGradient).
 * Registered once per process before the first training step (`ensureDilatedConvGradient`).
 */

type Pad = 'same' | 'valid';

let registered = false;

function pair(value: number | [number, number] | undefined): [number, number] {
  if (value === undefined) return [1, 1];
  return typeof value === 'number' ? [value, value] : value;
}

/** Padding before and after along one axis for a stride-1 convolution. */
function padsOf(pad: Pad, kernel: number, rate: number): [number, number] {
  if (pad === 'valid') return [0, 0];
  const total = (kernel - 1) * rate;
  const before = Math.floor(total / 2);
  return [before, total - before];
}

interface Geometry {
  rates: [number, number];
  /** Padding of the forward pass: [top, bottom], [left, right]. */
  rows: [number, number];
  cols: [number, number];
}

function geometry(filter: tf.Tensor4D, rates: [number, number], pad: Pad): Geometry {
  return { rates, rows: padsOf(pad, filter.shape[0], rates[0]), cols: padsOf(pad, filter.shape[1], rates[1]) };
}

/**
 * dx[q] = Σᵢ dy[q − i·r + before]·W[i]: dy padded by (k − 1)·r − before above and by whatever restores the input's
 * size below, convolved at the same rate with the kernel flipped and its channels swapped.
 */
function inputGradient(filter: tf.Tensor4D, dy: tf.Tensor4D, inputShape: readonly number[], { rates, rows, cols }: Geometry): tf.Tensor4D {
  const [kh, kw] = filter.shape;
  const top = (kh - 1) * rates[0] - rows[0];
  const left = (kw - 1) * rates[1] - cols[0];
  const bottom = (inputShape[1] as number) - dy.shape[1] + rows[0];
  const right = (inputShape[2] as number) - dy.shape[2] + cols[0];
  const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) as tf.Tensor4D;
  return tf.conv2d(dy, flipped, 1, [[0, 0], [top, bottom], [left, right], [0, 0]], 'NHWC', rates);
}

/**
 * dW[i, j, c, o] = Σ over n, y, x of xpad[n, y + i·r, x + j·r, c] · dy[n, y, x, o]: a convolution of the padded input
 * (channels as batch, batch as channels) with dy as the filter, strided by the dilation.
 */
function filterGradient(x: tf.Tensor4D, dy: tf.Tensor4D, { rates, rows, cols }: Geometry): tf.Tensor4D {
  const padded = tf.transpose(tf.pad(x, [[0, 0], rows, cols, [0, 0]]), [3, 1, 2, 0]) as tf.Tensor4D;
  const taps = tf.conv2d(padded, tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D, rates, 'valid');
  return tf.transpose(taps, [1, 2, 0, 3]);
}

export function ensureDilatedConvGradient(): void {
  if (registered) return;
  const original = tf.getGradient('Conv2D');
  if (original === undefined) throw new Error('tfjs has no Conv2D gradient to extend');
  tf.registerGradient({
    ...original,
    gradFunc: (dy, saved, attrs) => {
      const { dilations, strides, pad, dataFormat } = attrs as unknown as {
        dilations?: number | [number, number];
        strides?: number | [number, number];
        pad: unknown;
        dataFormat?: string;
      };
      const rates = pair(dilations);
      if (rates[0] === 1 && rates[1] === 1) return original.gradFunc(dy, saved, attrs);
      const [sh, sw] = pair(strides);
      if (sh !== 1 || sw !== 1 || (dataFormat ?? 'NHWC') !== 'NHWC' || (pad !== 'same' && pad !== 'valid')) {
        throw new Error('Dilated Conv2D gradients are implemented for stride 1, NHWC, same/valid padding only');
      }
      const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
      const g = geometry(filter, rates, pad);
      return { x: () => inputGradient(filter, dy as tf.Tensor4D, x.shape, g), filter: () => filterGradient(x, dy as tf.Tensor4D, g) };
    },
  });
  registered = true;
}
