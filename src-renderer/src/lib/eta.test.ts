import { describe, expect, it } from 'vitest';
import { remainingSeconds } from './eta.js';

describe('remainingSeconds', () => {
  it('extrapolates the pace so far', () => {
    expect(remainingSeconds(10_000, 0.25)).toBeCloseTo(30, 6);
    expect(remainingSeconds(3000, 0.5)).toBeCloseTo(3, 6);
  });

  it('says nothing at the start, before any progress, or when done', () => {
    expect(remainingSeconds(500, 0.5)).toBeNull();
    expect(remainingSeconds(20_000, 0)).toBeNull();
    expect(remainingSeconds(20_000, 0.01)).toBeNull();
    expect(remainingSeconds(20_000, 1)).toBeNull();
  });
});
