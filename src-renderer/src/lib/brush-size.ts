/** Brush diameters in image pixels, shared by the mask brush and the colour-hint brush. */
export const BRUSH_MIN = 1;
export const BRUSH_MAX = 1000;
const BRUSH_STEP = 1.2;

export function clampBrushSize(size: number): number {
  return Math.round(Math.min(BRUSH_MAX, Math.max(BRUSH_MIN, size)));
}

/** `[` and `]`: steps proportional to the size, so both a 3 px and a 300 px brush change at a useful pace. */
export function stepBrushSize(size: number, direction: 1 | -1): number {
  return clampBrushSize(direction > 0 ? Math.max(size + 1, size * BRUSH_STEP) : Math.min(size - 1, size / BRUSH_STEP));
}
