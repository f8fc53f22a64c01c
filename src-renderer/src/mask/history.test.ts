import { describe, expect, it } from 'vitest';
import { countHoles, createMask, diffBounds, greenRgba, invertMask, maskFromRgba, readRect, writeRect } from './bitmap.js';
import { MaskHistory } from './history.js';
import { packBytes, unpackBytes } from './packed-bytes.js';
import { stampSegment } from './raster.js';
import { unionRect } from './rect.js';
import { seededRandom } from './test-helpers.js';

describe('dirty rectangles', () => {
  it('bounds exactly the pixels that differ', () => {
    const a = new Uint8Array(10 * 6);
    const b = a.slice();
    b[1 * 10 + 7] = 1;
    b[4 * 10 + 2] = 1;
    expect(diffBounds(a, b, 10, { x: 0, y: 0, width: 10, height: 6 })).toEqual({ x: 2, y: 1, width: 6, height: 4 });
    expect(diffBounds(a, a, 10, { x: 0, y: 0, width: 10, height: 6 })).toEqual({ x: 0, y: 0, width: 0, height: 0 });
    // Only inside the rectangle asked about.
    expect(diffBounds(a, b, 10, { x: 0, y: 3, width: 10, height: 3 })).toEqual({ x: 2, y: 4, width: 1, height: 1 });
  });

  it('unions and reads/writes rectangles row by row', () => {
    expect(unionRect({ x: 1, y: 1, width: 2, height: 2 }, { x: 5, y: 0, width: 1, height: 1 })).toEqual({ x: 1, y: 0, width: 5, height: 3 });
    const data = Uint8Array.from({ length: 20 }, (_, i) => i % 2);
    const rect = { x: 1, y: 1, width: 3, height: 2 };
    const bytes = readRect(data, 5, rect);
    expect(Array.from(bytes)).toEqual([0, 1, 0, 1, 0, 1]);
    const copy = new Uint8Array(20);
    writeRect(copy, 5, rect, bytes);
    expect(Array.from(readRect(copy, 5, rect))).toEqual(Array.from(bytes));
  });
});

describe('packed bytes', () => {
  it('round-trips runs, noise and non-binary bytes', () => {
    const random = seededRandom(5);
    for (const bytes of [
      new Uint8Array(0),
      new Uint8Array(1000),
      Uint8Array.from({ length: 1000 }, (_, i) => (i > 300 && i < 700 ? 1 : 0)),
      Uint8Array.from({ length: 1000 }, () => (random() < 0.5 ? 1 : 0)),
      Uint8Array.from([0, 1, 2, 255]),
    ]) {
      expect(Array.from(unpackBytes(packBytes(bytes)))).toEqual(Array.from(bytes));
    }
    expect(packBytes(new Uint8Array(1_000_000).fill(1)).kind).toBe('runs');
  });
});

describe('MaskHistory', () => {
  it('undoes and redoes 150 strokes back to the exact bitmaps', () => {
    const mask = createMask(120, 90);
    const history = new MaskHistory(mask);
    const random = seededRandom(42);
    const snapshots = [mask.data.slice()];
    for (let i = 0; snapshots.length <= 150; i++) {
      const a = { x: random() * 120, y: random() * 90 };
      const b = { x: a.x + random() * 30 - 15, y: a.y + random() * 30 - 15 };
      const erase = i % 5 === 4;
      const rect = stampSegment(mask, a, b, 2 + random() * 12, erase ? 0 : 1);
      const change = history.commit(rect);
      if (change) snapshots.push(mask.data.slice());
    }
    const steps = snapshots.length - 1;
    expect(steps).toBe(150);
    expect(history.undoDepth).toBe(steps);
    let holes = countHoles(mask);
    for (let i = steps; i > 0; i--) {
      holes += history.undo()!.holesDelta;
      expect(Array.from(mask.data)).toEqual(Array.from(snapshots[i - 1]!));
      expect(holes).toBe(countHoles(mask));
    }
    expect(history.undo()).toBeNull();
    expect(history.redoDepth).toBe(steps);
    for (let i = 1; i <= steps; i++) {
      holes += history.redo()!.holesDelta;
      expect(Array.from(mask.data)).toEqual(Array.from(snapshots[i]!));
    }
    expect(holes).toBe(countHoles(mask));
    expect(history.redo()).toBeNull();
  });

  it('records no step when nothing changed and drops the redo branch on a new edit', () => {
    const mask = createMask(10, 10);
    const history = new MaskHistory(mask);
    expect(history.commit()).toBeNull();
    stampSegment(mask, { x: 5, y: 5 }, { x: 5, y: 5 }, 3, 1);
    expect(history.commit()?.rect).toEqual({ x: 4, y: 4, width: 2, height: 2 });
    history.undo();
    expect(history.redoDepth).toBe(1);
    mask.data[0] = 1;
    history.commit();
    expect(history.redoDepth).toBe(0);
    expect(history.undoDepth).toBe(1);
  });

  it('keeps whole-mask steps small and within the step limit', () => {
    const mask = createMask(2000, 1500);
    const history = new MaskHistory(mask, { maxSteps: 120, maxBytes: 4 * 2 ** 20 });
    for (let i = 0; i < 130; i++) {
      invertMask(mask);
      history.commit();
    }
    // 130 inverts of 3 megapixels, each packed to a handful of runs.
    expect(history.undoDepth).toBe(120);
    for (let i = 0; i < 120; i++) history.undo();
    expect(countHoles(mask)).toBe(0); // 130 - 120 = 10 inverts left: even
  });

  it('reverts uncommitted edits (a cancelled stroke)', () => {
    const mask = createMask(8, 8);
    const history = new MaskHistory(mask);
    stampSegment(mask, { x: 4, y: 4 }, { x: 4, y: 4 }, 4, 1);
    history.revert();
    expect(countHoles(mask)).toBe(0);
  });
});

describe('pixel conversions', () => {
  it('thresholds decoded RGBA at 128 and draws holes as opaque green', () => {
    const rgba = Uint8ClampedArray.from([0, 0, 0, 255, 127, 127, 127, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
    const mask = maskFromRgba(rgba, 2, 2);
    expect(Array.from(mask.data)).toEqual([0, 0, 1, 1]);
    expect(Array.from(greenRgba(mask, { x: 1, y: 1, width: 1, height: 1 }))).toEqual([0, 255, 0, 255]);
    expect(Array.from(greenRgba(mask, { x: 0, y: 0, width: 1, height: 1 }))).toEqual([0, 0, 0, 0]);
  });
});
