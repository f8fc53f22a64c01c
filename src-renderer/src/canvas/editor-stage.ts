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

export interface EditorStageOptions {
  /** Called whenever the view transform changes (zoom label, tests). */
  onViewChange?: (view: ViewTransform) => void;
}

interface PanGesture {
  pointerId: number;
  startX: number;
  startY: number;
  from: ViewTransform;
}

/**
 * Owns the Konva stage of the editor. Layers stay separate so each redraws alone: the image layer is drawn from
 * one bitmap and never listens to pointer events; the mask layer (next) will sit above it in the same transform.
 * Zoom and pan move the stage, never the image node, so every layer stays aligned without extra bookkeeping.
 */
export class EditorStage {
  readonly #container: HTMLDivElement;
  readonly #stage: Konva.Stage;
  readonly #imageLayer: Konva.Layer;
  readonly #onViewChange: (view: ViewTransform) => void;
  readonly #resizeObserver: ResizeObserver;
  readonly #abort = new AbortController();
  #imageNode: Konva.Image | null = null;
  #imageSize: Size | null = null;
  #view: ViewTransform = { zoom: 1, x: 0, y: 0 };
  #dpr: number;
  /** While true the view follows the window size; any zoom or pan by the user ends it until the next fit. */
  #fitted = true;
  #spaceHeld = false;
  #pan: PanGesture | null = null;

  constructor(container: HTMLDivElement, options: EditorStageOptions = {}) {
    this.#container = container;
    this.#onViewChange = options.onViewChange ?? (() => {});
    this.#dpr = window.devicePixelRatio || 1;
    this.#stage = new Konva.Stage({ container, width: container.clientWidth, height: container.clientHeight });
    this.#imageLayer = new Konva.Layer({ listening: false });
    this.#stage.add(this.#imageLayer);
    this.#resizeObserver = new ResizeObserver(() => this.#resize());
    this.#resizeObserver.observe(container);
    this.#listen();
    this.#apply();
  }

  get view(): ViewTransform {
    return this.#view;
  }

  /** Shows a decoded bitmap, replacing any previous one, fitted to the window. */
  setImage(image: HTMLImageElement | ImageBitmap): void {
    this.#imageNode?.destroy();
    // An <img> reports its intrinsic size as naturalWidth; `width` would be its layout size once attached.
    const size = image instanceof HTMLImageElement ? { width: image.naturalWidth, height: image.naturalHeight } : { width: image.width, height: image.height };
    this.#imageSize = size;
    this.#imageNode = new Konva.Image({ image, x: 0, y: 0, ...size, listening: false });
    this.#imageLayer.add(this.#imageNode);
    this.fit();
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
    this.#stage.destroy();
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
    el.addEventListener('pointerup', (e) => this.#endPan(e), { signal });
    el.addEventListener('pointercancel', (e) => this.#endPan(e), { signal });
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
    if (!wantsPan || !this.#imageSize) return;
    e.preventDefault();
    this.#container.setPointerCapture(e.pointerId);
    this.#pan = { pointerId: e.pointerId, startX: e.clientX, startY: e.clientY, from: this.#view };
    this.#fitted = false;
    this.#updateCursor();
  }

  #onPointerMove(e: PointerEvent): void {
    const pan = this.#pan;
    if (!pan || e.pointerId !== pan.pointerId) return;
    const next = { zoom: pan.from.zoom, x: pan.from.x + e.clientX - pan.startX, y: pan.from.y + e.clientY - pan.startY };
    this.#setView(snapToDevicePixels(next, this.#dpr));
  }

  #endPan(e: PointerEvent): void {
    if (!this.#pan || e.pointerId !== this.#pan.pointerId) return;
    this.#pan = null;
    if (this.#container.hasPointerCapture(e.pointerId)) this.#container.releasePointerCapture(e.pointerId);
    this.#updateCursor();
  }

  #updateCursor(): void {
    this.#container.style.cursor = this.#pan ? 'grabbing' : this.#spaceHeld ? 'grab' : '';
  }
}
