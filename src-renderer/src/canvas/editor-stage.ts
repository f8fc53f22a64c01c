import Konva from 'konva';
import {
  actualPixelsView,
  clampZoom,
  cssScale,
  fitView,
  snapToDevicePixels,
  wheelZoomFactor,
  zoomAround,
  type Size,
  type ViewTransform,
} from './view-transform.js';
import { isEditableTarget } from '../lib/editable-target.js';
import type { ColourHint } from '../../../src-shared/contract/colorize-hints.js';
import type { MaskBitmap } from '../mask/bitmap.js';
import type { Point } from '../mask/raster.js';
import type { Rect } from '../mask/rect.js';
import { HintOverlay } from './hint-overlay.js';
import { MaskOverlay } from './mask-overlay.js';

export type PaintPhase = 'begin' | 'move' | 'end' | 'cancel';

export interface EditorStageOptions {
  /** Called whenever the view transform changes (zoom label, tests). */
  onViewChange?: (view: ViewTransform) => void;
  /**
   * A painting gesture with the primary button (a mask stroke, or a colour hint), in image pixels (several points
   * when the browser coalesced moves).
   */
  onPaint?: (phase: PaintPhase, points: Point[]) => void;
}

/** How the pointer looks over the image: a brush circle of this diameter (image px), or a crosshair. */
export type PaintCursor = { kind: 'brush'; diameter: number } | { kind: 'crosshair' } | null;

/** Outline of a rectangle or lasso being dragged, in image pixels. */
export type StagePreview = { kind: 'rect'; a: Point; b: Point } | { kind: 'lasso'; points: readonly Point[] } | null;

const PREVIEW_STROKE = '#00ff00';

interface PanGesture {
  pointerId: number;
  startX: number;
  startY: number;
  from: ViewTransform;
}

/**
 * Owns the Konva stage of the editor. Layers stay separate so each redraws alone: the image ("before"), a result
 * ("after", clipped right of the compare split), the mask (green tiles that repaint only what a stroke touched),
 * the colour hints of the hints colorizer, and a thin UI layer (brush circle, rectangle/lasso outline). None listens
 * to Konva events: the container's pointer events are turned into image coordinates here. Zoom and pan move the
 * stage, never the nodes, so every layer stays aligned without extra bookkeeping.
 */
export class EditorStage {
  readonly #container: HTMLDivElement;
  readonly #stage: Konva.Stage;
  readonly #imageLayer: Konva.Layer;
  readonly #resultLayer: Konva.Layer;
  readonly #resultGroup: Konva.Group;
  readonly #maskLayer: Konva.Layer;
  readonly #uiLayer: Konva.Layer;
  readonly #mask = new MaskOverlay();
  readonly #hintLayer: Konva.Layer;
  readonly #hints = new HintOverlay();
  readonly #cursorNode: Konva.Circle;
  readonly #cursorInner: Konva.Circle;
  readonly #previewNode: Konva.Line;
  readonly #onViewChange: (view: ViewTransform) => void;
  readonly #onPaint: (phase: PaintPhase, points: Point[]) => void;
  readonly #resizeObserver: ResizeObserver;
  readonly #abort = new AbortController();
  #imageNode: Konva.Image | null = null;
  #resultNode: Konva.Image | null = null;
  #imageSize: Size | null = null;
  /** Compare split as a fraction of the viewport width: left of it the image, right of it the result. */
  #split = 0.5;
  #cursor: PaintCursor = null;
  #hover: Point | null = null;
  #paintPointer: number | null = null;
  #maskShown = true;
  #hintsShown = false;
  #peek = false;
  #view: ViewTransform = { zoom: 1, x: 0, y: 0 };
  #dpr: number;
  /** While true the view follows the window size; any zoom or pan by the user ends it until the next fit. */
  #fitted = true;
  #spaceHeld = false;
  #pan: PanGesture | null = null;

  constructor(container: HTMLDivElement, options: EditorStageOptions = {}) {
    this.#container = container;
    this.#onViewChange = options.onViewChange ?? (() => {});
    this.#onPaint = options.onPaint ?? (() => {});
    this.#dpr = window.devicePixelRatio || 1;
    this.#stage = new Konva.Stage({ container, width: container.clientWidth, height: container.clientHeight });
    this.#imageLayer = new Konva.Layer({ listening: false });
    this.#resultLayer = new Konva.Layer({ listening: false, visible: false });
    this.#resultGroup = new Konva.Group({ listening: false });
    this.#resultLayer.add(this.#resultGroup);
    this.#maskLayer = new Konva.Layer({ listening: false });
    this.#maskLayer.add(this.#mask.group);
    this.#hintLayer = new Konva.Layer({ listening: false, visible: false });
    this.#hintLayer.add(this.#hints.group);
    this.#uiLayer = new Konva.Layer({ listening: false });
    // Two rings (dark under light) keep the brush outline visible on any image; strokes stay 1 CSS px at any zoom.
    const ring = { listening: false, visible: false, strokeScaleEnabled: false, perfectDrawEnabled: false };
    this.#cursorNode = new Konva.Circle({ ...ring, stroke: 'rgba(0,0,0,0.75)', strokeWidth: 3 });
    this.#cursorInner = new Konva.Circle({ ...ring, stroke: 'rgba(255,255,255,0.95)', strokeWidth: 1 });
    this.#previewNode = new Konva.Line({
      ...ring,
      points: [],
      stroke: PREVIEW_STROKE,
      strokeWidth: 1.5,
      dash: [6, 4],
      fill: 'rgba(0,255,0,0.18)',
    });
    this.#uiLayer.add(this.#previewNode, this.#cursorNode, this.#cursorInner);
    this.#stage.add(this.#imageLayer, this.#resultLayer, this.#maskLayer, this.#hintLayer, this.#uiLayer);
    this.#resizeObserver = new ResizeObserver(() => this.#resize());
    this.#resizeObserver.observe(container);
    this.#listen();
    this.#apply();
  }

  get view(): ViewTransform {
    return this.#view;
  }

  /**
   * Shows a decoded bitmap, replacing any previous one. A new size (another image) is fitted to the window;
   * another version of the same image keeps the view, so versions can be compared at the same spot.
   */
  setImage(image: HTMLImageElement | ImageBitmap): void {
    if (this.#imageNode?.image() === image) return;
    this.#imageNode?.destroy();
    const size = imageSize(image);
    const sameSize = this.#imageSize?.width === size.width && this.#imageSize.height === size.height;
    this.#imageSize = size;
    this.#imageNode = new Konva.Image({ image, x: 0, y: 0, ...size, listening: false });
    this.#imageLayer.add(this.#imageNode);
    if (sameSize) this.#apply();
    else this.fit();
  }

  /** The "after" image over the base, right of the compare split; null hides it. */
  setResult(image: HTMLImageElement | ImageBitmap | null): void {
    if (this.#resultNode?.image() === image) return;
    this.#resultNode?.destroy();
    this.#resultNode = image ? new Konva.Image({ image, x: 0, y: 0, ...imageSize(image), listening: false }) : null;
    if (this.#resultNode) this.#resultGroup.add(this.#resultNode);
    this.#resultLayer.visible(this.#resultNode !== null);
    this.#apply();
  }

  /** Moves the compare split (0 = the result fills the view, 1 = only the base shows). */
  setSplit(fraction: number): void {
    this.#split = Math.min(1, Math.max(0, fraction));
    this.#applyClip();
    this.#resultLayer.batchDraw();
  }

  /** While true only the base image shows (hold `\` to peek): result, mask and hints are hidden. */
  setPeek(peek: boolean): void {
    this.#peek = peek;
    this.#resultLayer.visible(!peek && this.#resultNode !== null);
    this.#maskLayer.visible(!peek && this.#maskShown);
    this.#hintLayer.visible(!peek && this.#hintsShown);
    this.#stage.batchDraw();
  }

  /** Which mask to draw (after opening an image or replacing the mask wholesale). */
  setMask(mask: MaskBitmap | null): void {
    this.#mask.setMask(mask);
    this.#maskLayer.batchDraw();
  }

  /** Repaints the part of the mask an edit changed; the image layers are left alone. */
  updateMask(rect: Rect): void {
    this.#mask.update(rect);
    this.#maskLayer.batchDraw();
  }

  /** The colour hints over the image, with the scribble being drawn; hidden unless `visible`. */
  setHints(hints: readonly ColourHint[], stroke: ColourHint | null, visible: boolean): void {
    this.#hintsShown = visible;
    this.#hints.setHints(hints, stroke);
    this.#hintLayer.visible(visible && !this.#peek);
    this.#hintLayer.batchDraw();
  }

  setMaskStyle(opacity: number, visible: boolean): void {
    this.#maskShown = visible;
    this.#maskLayer.opacity(opacity);
    this.#maskLayer.visible(visible);
    this.#maskLayer.batchDraw();
  }

  /** The pointer's look over the image; null turns painting off (nothing to paint on). */
  setCursor(cursor: PaintCursor): void {
    this.#cursor = cursor;
    this.#drawCursor();
    this.#updateCursor();
  }

  setPreview(preview: StagePreview): void {
    const node = this.#previewNode;
    if (!preview) node.visible(false);
    else {
      const points = preview.kind === 'rect' ? rectOutline(preview.a, preview.b) : preview.points;
      node.points(points.flatMap((p) => [p.x, p.y]));
      node.closed(true);
      node.visible(true);
    }
    this.#uiLayer.batchDraw();
  }

  fit(): void {
    if (!this.#imageSize) return;
    this.#fitted = true;
    this.#setView(fitView(this.#imageSize, this.#viewport(), this.#dpr));
  }

  actualPixels(): void {
    this.#fitted = false;
    this.#setView(actualPixelsView(this.#view, this.#viewport(), this.#dpr));
  }

  /** Zoom by a factor around the viewport centre (toolbar buttons, keyboard). */
  zoomBy(factor: number): void {
    const { width, height } = this.#viewport();
    this.#fitted = false;
    this.#setView(zoomAround(this.#view, clampZoom(this.#view.zoom * factor), width / 2, height / 2, this.#dpr));
  }

  destroy(): void {
    this.#abort.abort();
    this.#resizeObserver.disconnect();
    this.#mask.destroy();
    this.#hints.destroy();
    this.#stage.destroy();
  }

  /** Client (CSS) coordinates to image pixels. */
  toImage(clientX: number, clientY: number): Point {
    const rect = this.#container.getBoundingClientRect();
    const s = cssScale(this.#view, this.#dpr);
    return { x: (clientX - rect.left - this.#view.x) / s, y: (clientY - rect.top - this.#view.y) / s };
  }

  #viewport(): Size {
    return { width: this.#stage.width(), height: this.#stage.height() };
  }

  #setView(view: ViewTransform): void {
    this.#view = view;
    this.#apply();
  }

  /** Pushes the transform into Konva (one batched redraw per frame at most) and into the DOM for tests. */
  #apply(): void {
    const s = cssScale(this.#view, this.#dpr);
    this.#stage.scale({ x: s, y: s });
    this.#stage.position({ x: this.#view.x, y: this.#view.y });
    // Magnified pixels must stay hard squares; below 100% smoothing avoids shimmering moiré.
    this.#imageLayer.imageSmoothingEnabled(this.#view.zoom < 1);
    this.#resultLayer.imageSmoothingEnabled(this.#view.zoom < 1);
    // The mask is hard-edged data: never blur its pixels into a soft fringe when magnified.
    this.#maskLayer.imageSmoothingEnabled(this.#view.zoom < 1);
    this.#applyClip();
    this.#drawCursor();
    this.#stage.batchDraw();
    // For tests: the transform as Konva applies it (CSS px per image px, so 100% reads 1/devicePixelRatio).
    const data = this.#container.dataset;
    data.zoom = String(s);
    data.deviceZoom = String(this.#view.zoom);
    data.offsetX = String(this.#view.x);
    data.offsetY = String(this.#view.y);
    data.dpr = String(this.#dpr);
    this.#onViewChange(this.#view);
  }

  /** The split is a screen position, so the clip (image pixels) follows every zoom and pan. */
  #applyClip(): void {
    const size = this.#imageSize;
    if (!size) return;
    const s = cssScale(this.#view, this.#dpr);
    const splitX = Math.min(size.width, Math.max(0, (this.#split * this.#stage.width() - this.#view.x) / s));
    this.#resultGroup.clip({ x: splitX, y: 0, width: size.width - splitX, height: size.height });
  }

  #drawCursor(): void {
    const c = this.#cursor;
    const show = c?.kind === 'brush' && this.#hover !== null && !this.#pan && !this.#spaceHeld;
    for (const node of [this.#cursorNode, this.#cursorInner]) {
      node.visible(show);
      if (show && this.#hover) node.setAttrs({ x: this.#hover.x, y: this.#hover.y, radius: c.diameter / 2 });
    }
    this.#uiLayer.batchDraw();
  }

  #resize(): void {
    const width = this.#container.clientWidth;
    const height = this.#container.clientHeight;
    if (width === 0 || height === 0) return; // hidden: keep the last size instead of collapsing the view
    const dpr = window.devicePixelRatio || 1;
    if (dpr !== this.#dpr) {
      // The window moved to a display with another density: re-create backing stores so 100% stays exact.
      this.#dpr = dpr;
      for (const layer of this.#stage.getLayers()) layer.getCanvas().setPixelRatio(dpr);
    }
    this.#stage.size({ width, height });
    if (this.#fitted) this.fit();
    else this.#setView(snapToDevicePixels(this.#view, this.#dpr));
  }

  #listen(): void {
    const signal = this.#abort.signal;
    const el = this.#container;
    el.addEventListener('wheel', (e) => this.#onWheel(e), { passive: false, signal });
    el.addEventListener('pointerdown', (e) => this.#onPointerDown(e), { signal });
    el.addEventListener('pointermove', (e) => this.#onPointerMove(e), { signal });
    el.addEventListener('pointerup', (e) => this.#onPointerUp(e, 'end'), { signal });
    el.addEventListener('pointercancel', (e) => this.#onPointerUp(e, 'cancel'), { signal });
    el.addEventListener('pointerleave', () => {
      this.#hover = null;
      this.#drawCursor();
    }, { signal });
    // Middle-click would otherwise start the browser's autoscroll or paste on Linux.
    el.addEventListener('auxclick', (e) => e.preventDefault(), { signal });
    window.addEventListener('keydown', (e) => this.#onSpace(e, true), { signal });
    window.addEventListener('keyup', (e) => this.#onSpace(e, false), { signal });
    window.addEventListener('blur', () => this.#setSpaceHeld(false), { signal });
  }

  #onWheel(e: WheelEvent): void {
    if (!this.#imageSize) return;
    e.preventDefault();
    const rect = this.#container.getBoundingClientRect();
    const zoom = this.#view.zoom * wheelZoomFactor(e.deltaY, e.deltaMode);
    this.#fitted = false;
    this.#setView(zoomAround(this.#view, zoom, e.clientX - rect.left, e.clientY - rect.top, this.#dpr));
  }

  #onSpace(e: KeyboardEvent, down: boolean): void {
    if (e.code !== 'Space' || isEditableTarget(e.target)) return;
    // Keep space from scrolling or pressing the focused button while it means "pan".
    e.preventDefault();
    this.#setSpaceHeld(down);
  }

  #setSpaceHeld(held: boolean): void {
    this.#spaceHeld = held;
    this.#updateCursor();
  }

  #onPointerDown(e: PointerEvent): void {
    const wantsPan = e.button === 1 || (e.button === 0 && this.#spaceHeld);
    if (!wantsPan && e.button === 0 && this.#cursor && this.#imageSize && this.#paintPointer === null && !this.#pan) {
      e.preventDefault();
      this.#container.setPointerCapture(e.pointerId);
      this.#paintPointer = e.pointerId;
      this.#hover = this.toImage(e.clientX, e.clientY);
      this.#onPaint('begin', [this.#hover]);
      this.#drawCursor();
      return;
    }
    if (!wantsPan || !this.#imageSize) return;
    e.preventDefault();
    this.#container.setPointerCapture(e.pointerId);
    this.#pan = { pointerId: e.pointerId, startX: e.clientX, startY: e.clientY, from: this.#view };
    this.#fitted = false;
    this.#updateCursor();
  }

  #onPointerMove(e: PointerEvent): void {
    if (this.#imageSize) {
      this.#hover = this.toImage(e.clientX, e.clientY);
      this.#drawCursor();
    }
    if (this.#paintPointer === e.pointerId) {
      // Fast strokes: the moves the browser merged into this one, so curves stay curves.
      const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
      const points = (events.length > 0 ? events : [e]).map((m) => this.toImage(m.clientX, m.clientY));
      this.#onPaint('move', points);
      return;
    }
    const pan = this.#pan;
    if (!pan || e.pointerId !== pan.pointerId) return;
    const next = { zoom: pan.from.zoom, x: pan.from.x + e.clientX - pan.startX, y: pan.from.y + e.clientY - pan.startY };
    this.#setView(snapToDevicePixels(next, this.#dpr));
  }

  #onPointerUp(e: PointerEvent, phase: 'end' | 'cancel'): void {
    if (this.#paintPointer === e.pointerId) {
      this.#paintPointer = null;
      if (this.#container.hasPointerCapture(e.pointerId)) this.#container.releasePointerCapture(e.pointerId);
      this.#onPaint(phase, [this.toImage(e.clientX, e.clientY)]);
      return;
    }
    this.#endPan(e);
  }

  #endPan(e: PointerEvent): void {
    if (!this.#pan || e.pointerId !== this.#pan.pointerId) return;
    this.#pan = null;
    if (this.#container.hasPointerCapture(e.pointerId)) this.#container.releasePointerCapture(e.pointerId);
    this.#updateCursor();
  }

  #updateCursor(): void {
    this.#container.style.cursor = this.#pan ? 'grabbing' : this.#spaceHeld ? 'grab' : this.#cursor ? 'crosshair' : '';
    this.#drawCursor();
  }
}

function imageSize(image: HTMLImageElement | ImageBitmap): Size {
  // An <img> reports its intrinsic size as naturalWidth; `width` would be its layout size once attached.
  return image instanceof HTMLImageElement ? { width: image.naturalWidth, height: image.naturalHeight } : { width: image.width, height: image.height };
}

function rectOutline(a: Point, b: Point): Point[] {
  // Whole pixels, as the fill will cover them (both corner pixels included).
  const x0 = Math.floor(Math.min(a.x, b.x));
  const y0 = Math.floor(Math.min(a.y, b.y));
  const x1 = Math.floor(Math.max(a.x, b.x)) + 1;
  const y1 = Math.floor(Math.max(a.y, b.y)) + 1;
  return [
    { x: x0, y: y0 },
    { x: x1, y: y0 },
    { x: x1, y: y1 },
    { x: x0, y: y1 },
  ];
}
