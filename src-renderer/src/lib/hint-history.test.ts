import { describe, expect, it } from 'vitest';
import type { ColourHint, HintPoint } from '../../../src-shared/contract/colorize-hints.js';
import { extendStroke, HintHistory } from './hint-history.js';

const dot = (x: number, colour = '#ff0000'): ColourHint => ({ points: [{ x, y: 1 }], radius: 2, colour });

describe('HintHistory', () => {
  it('undoes and redoes added hints, a clear and a replaced list, one step each', () => {
    const history = new HintHistory();
    history.add(dot(1));
    history.add(dot(2, '#00ff00'));
    expect(history.current.map((h) => h.points[0]!.x)).toEqual([1, 2]);
    history.set([]);
    expect(history.current).toEqual([]);
    expect(history.undo()).toBe(true);
    expect(history.current).toHaveLength(2);
    expect(history.undo()).toBe(true);
    expect(history.current.map((h) => h.colour)).toEqual(['#ff0000']);
    expect([history.undoDepth, history.redoDepth]).toEqual([1, 2]);
    expect(history.redo()).toBe(true);
    expect(history.current).toHaveLength(2);
    // A new change drops what could be redone.
    history.set([dot(9)]);
    expect(history.redo()).toBe(false);
    expect(history.redoDepth).toBe(0);
  });

  it('does not record clearing an empty list, and starts over on reset', () => {
    const history = new HintHistory();
    history.set([]);
    expect(history.undoDepth).toBe(0);
    history.add(dot(1));
    history.reset();
    expect([history.current.length, history.undoDepth, history.redoDepth]).toEqual([0, 0, 0]);
    expect(history.undo()).toBe(false);
  });
});

describe('extendStroke', () => {
  it('keeps points at least minStep apart', () => {
    const points: HintPoint[] = [];
    const kept = [0, 0.5, 1, 1.9, 3.2, 3.3].map((x) => extendStroke(points, { x, y: 0 }, 1.5));
    expect(kept).toEqual([true, false, false, true, false, false]);
    expect(points).toEqual([
      { x: 0, y: 0 },
      { x: 1.9, y: 0 },
    ]);
  });
});
