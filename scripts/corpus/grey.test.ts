import { describe, expect, it } from 'vitest';
import { GREY_CHROMA_BELOW, meanChroma } from './grey.js';

function image(pixels: [number, number, number][]) {
  return { width: pixels.length, height: 1, data: Uint8Array.from(pixels.flat()) };
}

describe('meanChroma', () => {
  it('is max - min of the channels, averaged, so grey scores 0 and saturated red 255', () => {
    expect(meanChroma(image(Array(70).fill([90, 90, 90])))).toBe(0);
    expect(meanChroma(image(Array(70).fill([255, 0, 0])))).toBe(255);
  });

  it('counts only opaque pixels when given an alpha mask', () => {
    // A red pixel among 1,400 black ones reads as grey, unless the black ones are transparent.
    const pixels: [number, number, number][] = Array.from({ length: 1400 }, (_, i) => (i === 0 ? [255, 0, 0] : [0, 0, 0]));
    const alpha = Uint8Array.from(pixels, ([r]) => (r === 255 ? 255 : 0));
    expect(meanChroma(image(pixels))).toBeLessThan(GREY_CHROMA_BELOW);
    expect(meanChroma(image(pixels), alpha)).toBe(255);
  });
});
