import { describe, expect, it } from 'vitest';
import { luminanceOnly } from '../../color/lab.js';
import { syntheticPhoto } from '../../training/trainer/test-photos.js';
import { colourScores, meanColourScores } from './colour-scores.js';

describe('colour scores', () => {
  it('scores the truth perfect, and its grey version colourless with the truth chroma as ab error', () => {
    const truth = syntheticPhoto(48, 40, 3);
    expect(colourScores(truth, truth)).toEqual({ abError: 0, colourfulness: 1, lightnessError: 0 });
    const grey = colourScores(luminanceOnly(truth), truth);
    expect(grey.colourfulness).toBeLessThan(0.02);
    expect(grey.abError).toBeGreaterThan(20);
    expect(grey.lightnessError).toBeLessThan(1);
    expect(meanColourScores([grey, colourScores(truth, truth)]).abError).toBeCloseTo(grey.abError / 2, 6);
  });

  it('refuses images of different sizes', () => {
    expect(() => colourScores(syntheticPhoto(8, 8, 1), syntheticPhoto(8, 9, 1))).toThrow(/Cannot compare/);
  });
});
