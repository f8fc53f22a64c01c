import type { ColourHint, HintPreset } from '../contract/colorize-hints.js';

/**
 * Kept free of zod so the renderer can place presets without bundling the schemas (contract/colorize-hints.ts
 * re-exports it).
 *
 * The preset's hints placed on a photo of `width` x `height`: the same relative positions, and the brush scaled by
 * the geometric mean of the two axis factors (so a photo twice as large gets a brush twice as wide, and a different
 * aspect ratio does not favour one axis).
 */
export function hintsForSize(preset: HintPreset, width: number, height: number): ColourHint[] {
  const sx = width / preset.width;
  const sy = height / preset.height;
  const sr = Math.sqrt(sx * sy);
  return preset.hints.map((hint) => ({
    points: hint.points.map((p) => ({ x: p.x * sx, y: p.y * sy })),
    radius: hint.radius * sr,
    colour: hint.colour,
  }));
}
