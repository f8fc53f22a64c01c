import { describe, expect, it } from 'vitest';
import { ColourHintSchema, type HintPreset, HintPresetSchema, hintsForSize } from './colorize-hints.js';

describe('colour hint schemas', () => {
  it('accepts scribbles and dots, and refuses bad colours, brushes and points', () => {
    expect(ColourHintSchema.safeParse({ points: [{ x: 1.5, y: 2 }], radius: 3, colour: '#A0b0C0' }).success).toBe(true);
    const bad = [
      { points: [{ x: 1, y: 2 }], radius: 3, colour: 'red' },
      { points: [{ x: 1, y: 2 }], radius: 3, colour: '#abc' },
      { points: [{ x: 1, y: 2 }], radius: 0, colour: '#aabbcc' },
      { points: [], radius: 3, colour: '#aabbcc' },
      { points: [{ x: Number.POSITIVE_INFINITY, y: 2 }], radius: 3, colour: '#aabbcc' },
      { points: [{ x: 1, y: 2 }], radius: 3, colour: '#aabbcc', extra: true },
    ];
    for (const hint of bad) expect(ColourHintSchema.safeParse(hint).success).toBe(false);
  });

  it('requires a preset to name the size its hints were drawn on', () => {
    expect(HintPresetSchema.safeParse({ name: 'sky', width: 800, height: 600, hints: [] }).success).toBe(true);
    expect(HintPresetSchema.safeParse({ name: 'sky', hints: [] }).success).toBe(false);
    expect(HintPresetSchema.safeParse({ name: '  ', width: 800, height: 600, hints: [] }).success).toBe(false);
  });
});

describe('hintsForSize', () => {
  it('moves hints to the same relative place on another size and scales the brush', () => {
    const preset: HintPreset = {
      name: 'sky and grass',
      width: 800,
      height: 600,
      hints: [{ points: [{ x: 400, y: 60 }, { x: 600, y: 90 }], radius: 10, colour: '#6090e0' }],
    };
    const [hint] = hintsForSize(preset, 1600, 1200);
    expect(hint?.points).toEqual([
      { x: 800, y: 120 },
      { x: 1200, y: 180 },
    ]);
    expect(hint?.radius).toBe(20);
    expect(hint?.colour).toBe('#6090e0');
    // Another aspect ratio: x and y stretch separately, the brush by the geometric mean.
    const [wide] = hintsForSize(preset, 1600, 600);
    expect(wide?.points[0]).toEqual({ x: 800, y: 60 });
    expect(wide?.radius).toBeCloseTo(10 * Math.SQRT2, 10);
  });
});
