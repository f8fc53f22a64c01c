import { describe, expect, it } from 'vitest';
import { SeriesBuffer } from './series-buffer.js';

const row = (step: number, ...values: (number | null)[]) => ({ step, values });

describe('SeriesBuffer', () => {
  it('keeps columns in the shape uPlot draws and tells subscribers about each change', () => {
    const buffer = new SeriesBuffer(2);
    let changes = 0;
    const off = buffer.subscribe(() => changes++);
    buffer.append(row(1, 0.5, 2));
    buffer.append(row(2, 0.4, 1.5));
    expect(buffer.columns()).toEqual([
      [1, 2],
      [0.5, 0.4],
      [2, 1.5],
    ]);
    expect(buffer.lastStep).toBe(2);
    expect(changes).toBe(2);
    off();
    buffer.append(row(3, 0.3, 1));
    expect(changes).toBe(2);
  });

  it('drops the points after a checkpoint when the run goes back to it', () => {
    const buffer = new SeriesBuffer(1);
    buffer.replace([row(10, 1), row(20, 2), row(30, 3), row(40, 4)]);
    // Resumed from the checkpoint at step 20: the next report is step 21.
    buffer.append(row(21, 9));
    expect(buffer.columns()).toEqual([
      [10, 20, 21],
      [1, 2, 9],
    ]);
    // The same step reported again replaces the old point instead of doubling it.
    buffer.append(row(21, 8));
    expect(buffer.columns()).toEqual([
      [10, 20, 21],
      [1, 2, 8],
    ]);
  });

  it('merges live points that raced a history load without doubling or rewinding it', () => {
    const buffer = new SeriesBuffer(1);
    buffer.replace([row(1, 1), row(2, 2), row(3, 3)]);
    expect(buffer.appendIfNewer(row(2, 20))).toBe(false);
    expect(buffer.appendIfNewer(row(3, 30))).toBe(false);
    expect(buffer.appendIfNewer(row(4, 4))).toBe(true);
    expect(buffer.columns()).toEqual([
      [1, 2, 3, 4],
      [1, 2, 3, 4],
    ]);
  });

  it('turns non-finite values and missing series into gaps', () => {
    const buffer = new SeriesBuffer(3);
    buffer.append(row(1, Number.NaN, Number.POSITIVE_INFINITY));
    expect(buffer.columns()).toEqual([[1], [null], [null], [null]]);
  });

  it('replace and clear start over', () => {
    const buffer = new SeriesBuffer(1);
    buffer.replace([row(5, 1), row(6, 2)]);
    buffer.replace([row(1, 7)]);
    expect(buffer.columns()).toEqual([[1], [7]]);
    buffer.clear();
    expect(buffer.length).toBe(0);
    expect(buffer.lastStep).toBeNull();
  });
});
