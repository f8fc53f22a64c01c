import { describe, expect, it } from 'vitest';
import { framePositions, latentVector, slerp } from './latent.js';

function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
}

describe('latent vectors', () => {
  it('are the same for the same (seed, index), different otherwise, and odd lengths are filled', () => {
    expect(latentVector(7, 3, 101)).toEqual(latentVector(7, 3, 101));
    expect(latentVector(7, 3, 101)).not.toEqual(latentVector(8, 3, 101));
    expect(latentVector(7, 3, 101)).not.toEqual(latentVector(7, 4, 101));
    expect(latentVector(7, 3, 101).every(Number.isFinite)).toBe(true);
    // A shorter vector is the start of the longer one: the stream does not depend on the length.
    expect(latentVector(7, 3, 10)).toEqual(latentVector(7, 3, 11).subarray(0, 10));
  });

  it('are draws from N(0, 1)', () => {
    const values = Array.from({ length: 200 }, (_, i) => [...latentVector(42, i, 100)]).flat();
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    // About 68 % within one standard deviation.
    const within = values.filter((v) => Math.abs(v) < 1).length / values.length;
    expect(Math.abs(within - 0.6827)).toBeLessThan(0.02);
  });
});

describe('slerp', () => {
  const a = latentVector(1, 0, 100);
  const b = latentVector(2, 0, 100);

  it('starts and ends exactly on its ends', () => {
    expect(slerp(a, b, 0)).toEqual(a);
    expect(slerp(a, b, 1)).toEqual(b);
  });

  it('keeps the norm of Gaussian latents on the way, where the straight line would shrink it', () => {
    const middle = slerp(a, b, 0.5);
    const line = a.map((x, i) => (x + (b[i] as number)) / 2);
    const ends = (norm(a) + norm(b)) / 2;
    expect(Math.abs(norm(middle) - ends) / ends).toBeLessThan(0.05);
    expect(norm(line)).toBeLessThan(0.8 * ends);
  });

  it('falls back to the straight line between (nearly) equal vectors', () => {
    expect(slerp(a, a, 0.3)).toEqual(a.map((x) => Math.fround(0.7 * x + 0.3 * x)));
  });

  it('places frames evenly, ends included', () => {
    expect(framePositions(2)).toEqual([0, 1]);
    expect(framePositions(5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
});
