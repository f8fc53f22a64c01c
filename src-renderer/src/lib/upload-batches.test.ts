import { describe, expect, it } from 'vitest';
import { planUploadBatches } from './upload-batches.js';

const files = (...sizes: number[]) => sizes.map((size, i) => ({ size, i }));

describe('planUploadBatches', () => {
  it('caps the number of files per batch', () => {
    const batches = planUploadBatches(files(...Array<number>(70).fill(1)), 32, 1e9);
    expect(batches.map((b) => b.length)).toEqual([32, 32, 6]);
  });

  it('caps the bytes per batch and keeps order', () => {
    const batches = planUploadBatches(files(40, 30, 20, 50), 32, 64);
    expect(batches.map((b) => b.map((f) => f.i))).toEqual([[0], [1, 2], [3]]);
  });

  it('sends a file larger than the cap alone instead of dropping it', () => {
    expect(planUploadBatches(files(10, 100, 10), 32, 64).map((b) => b.length)).toEqual([1, 1, 1]);
  });

  it('plans nothing for no files', () => {
    expect(planUploadBatches([])).toEqual([]);
  });
});
