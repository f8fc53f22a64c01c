import { describe, expect, it } from 'vitest';
import type { ColourHint } from '../../../src-shared/contract/colorize-hints.js';
import { assertHintsOnImage } from './hints-on-image.js';

const hint = (points: [number, number][], radius = 2): ColourHint => ({ points: points.map(([x, y]) => ({ x, y })), radius, colour: '#3060c0' });

function codeOf(run: () => void): string | null {
  try {
    run();
    return null;
  } catch (err) {
    return (err as { code?: string }).code ?? 'no code';
  }
}

describe('assertHintsOnImage', () => {
  it('accepts dots and strokes that cover a pixel, also when they only reach in from outside', () => {
    expect(() => assertHintsOnImage([hint([[10, 10]])], 40, 30)).not.toThrow();
    // A dot 1.5 px left of the image with a 2 px brush covers the first column's centres (x = 0.5).
    expect(() => assertHintsOnImage([hint([[-1.4, 15]])], 40, 30)).not.toThrow();
    // A stroke that crosses the photo with both ends outside it.
    expect(() => assertHintsOnImage([hint([[-50, -50], [90, 80]], 1)], 40, 30)).not.toThrow();
    // A brush thinner than a pixel still reaches the nearest centre, as the rasteriser paints it.
    expect(() => assertHintsOnImage([hint([[0, 0]], 0.1)], 40, 30)).not.toThrow();
  });

  it('refuses no hints, hints wholly outside the photo, and malformed hints, naming the hint', () => {
    expect(codeOf(() => assertHintsOnImage([], 40, 30))).toBe('E_INVALID_ARGUMENT');
    expect(() => assertHintsOnImage([hint([[10, 10]]), hint([[45, 10]])], 40, 30)).toThrow(/Colour hint 2 lies outside the 40x30 photo/);
    // The segment passes by a corner further than its brush reaches.
    expect(codeOf(() => assertHintsOnImage([hint([[38, -10], [50, 2]], 1)], 40, 30))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => assertHintsOnImage([{ points: [], radius: 2, colour: '#3060c0' }], 40, 30))).toBe('E_INVALID_ARGUMENT');
    expect(codeOf(() => assertHintsOnImage([{ points: [{ x: 1, y: 1 }], radius: 2, colour: 'blue' }], 40, 30))).toBe('E_INVALID_ARGUMENT');
  });
});
