/**
 * Where the image sits in the editor's viewport. `zoom` counts device pixels per image pixel, so zoom 1 ("100%")
 * is pixel-exact on any display; `x`/`y` are the image origin in CSS pixels from the viewport's top-left.
 * Pure functions, so the maths is testable without a canvas.
 */
export interface ViewTransform {
  zoom: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export const MIN_ZOOM = 0.01;
export const MAX_ZOOM = 32;
/** Room left around a fitted image so its edges stay visible against the background. */
const FIT_MARGIN_CSS = 16;

export function clampZoom(zoom: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));
}

/** The CSS-pixel scale Konva needs for a zoom on a display with this devicePixelRatio. */
export function cssScale(view: ViewTransform, dpr: number): number {
  return view.zoom / dpr;
}

/**
 * Rounds the origin to whole device pixels from 100% up, so image pixels fall exactly on device pixels instead of
 * straddling two (which would blur them even with smoothing off).
 */
export function snapToDevicePixels(view: ViewTransform, dpr: number): ViewTransform {
  if (view.zoom < 1) return view;
  return { zoom: view.zoom, x: Math.round(view.x * dpr) / dpr, y: Math.round(view.y * dpr) / dpr };
}

/** Changes the zoom while the image point under (px, py) — CSS pixels in the viewport — stays where it is. */
export function zoomAround(view: ViewTransform, zoom: number, px: number, py: number, dpr: number): ViewTransform {
  const next = clampZoom(zoom);
  const ratio = next / view.zoom;
  return snapToDevicePixels({ zoom: next, x: px - (px - view.x) * ratio, y: py - (py - view.y) * ratio }, dpr);
}

/** The whole image, as large as fits, centred. */
export function fitView(image: Size, viewport: Size, dpr: number): ViewTransform {
  const availW = Math.max(1, viewport.width - 2 * FIT_MARGIN_CSS);
  const availH = Math.max(1, viewport.height - 2 * FIT_MARGIN_CSS);
  const scale = Math.min(availW / image.width, availH / image.height);
  const zoom = clampZoom(scale * dpr);
  const s = zoom / dpr;
  return snapToDevicePixels({ zoom, x: (viewport.width - image.width * s) / 2, y: (viewport.height - image.height * s) / 2 }, dpr);
}

/** 100%: one image pixel per device pixel, keeping the image point at the viewport's centre in place. */
export function actualPixelsView(view: ViewTransform, viewport: Size, dpr: number): ViewTransform {
  return zoomAround(view, 1, viewport.width / 2, viewport.height / 2, dpr);
}

/** Zoom factor for one wheel event: smooth for trackpads (pixel deltas), one notch ≈ 1.2× for mouse wheels. */
export function wheelZoomFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 33 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.exp(-pixels * 0.0018);
}
