import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decayAt, MAX_DECAY, WeightAverage } from './weight-average.js';

function tinyModel(): tf.LayersModel {
  const input = tf.input({ shape: [3] });
  const frozen = tf.layers.dense({ units: 2, name: 'frozen', kernelInitializer: 'ones' });
  frozen.trainable = false;
  const output = tf.layers.dense({ units: 1, name: 'head' }).apply(frozen.apply(input)) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

const values = (model: tf.LayersModel) => model.weights.map((w) => Array.from(w.read().dataSync()));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('WeightAverage', () => {
  it('follows the weights closely at first and over more and more steps later, up to MAX_DECAY', () => {
    expect(decayAt(1)).toBeCloseTo(2 / 11, 10);
    expect(decayAt(90)).toBeCloseTo(0.91, 10);
    expect(decayAt(1_000_000)).toBe(MAX_DECAY);
  });

  it('averages each weight as shadow += (1 − decay)(live − shadow), and leaves a weight that does not move bit-identical', async () => {
    const model = tinyModel();
    const average = new WeightAverage(model);
    const head = model.getLayer('head');
    const start = head.getWeights()[0]!.dataSync()[0]!;
    const expected: number[] = [start];
    for (const step of [1, 2, 3]) {
      const [kernel, bias] = head.getWeights();
      head.setWeights([tf.add(kernel!, 1), bias!]);
      const live = head.getWeights()[0]!.dataSync()[0]!;
      const previous = expected.at(-1)!;
      expected.push(previous + (1 - decayAt(step)) * (live - previous));
      average.update(step);
    }
    const frozen = () => model.getLayer('frozen').getWeights().map((w) => Array.from(w.dataSync()));
    const frozenBefore = frozen();
    await average.withAveraged(() => {
      expect(head.getWeights()[0]!.dataSync()[0]).toBeCloseTo(expected.at(-1)!, 5);
      expect(frozen()).toEqual(frozenBefore);
    });
    average.dispose();
    model.dispose();
  });

  it('puts the live weights back after use, also when the use throws, and holds no tensors after dispose', async () => {
    const model = tinyModel();
    const head = model.getLayer('head');
    const average = new WeightAverage(model);
    const [kernel, bias] = head.getWeights();
    const tripled = tf.mul(kernel!, 3);
    head.setWeights([tripled, bias!]);
    tripled.dispose();
    const before = tf.memory().numTensors;
    average.update(1);
    const live = values(model);
    const inside = await average.withAveraged(() => values(model));
    expect(inside).not.toEqual(live);
    expect(values(model)).toEqual(live);
    await expect(
      average.withAveraged(() => {
        throw new Error('validation failed');
      }),
    ).rejects.toThrow('validation failed');
    expect(values(model)).toEqual(live);
    // Updates and swaps leave nothing behind; dispose frees the shadows (one per weight).
    expect(tf.memory().numTensors).toBe(before);
    average.dispose();
    expect(tf.memory().numTensors).toBe(before - model.weights.length);
    model.dispose();
  });
});
