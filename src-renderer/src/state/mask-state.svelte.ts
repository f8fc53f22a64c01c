import type { KintsugiApi } from '../../../src-shared/api.js';
import type { MaskSource } from '../../../src-shared/contract/index.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import { clampBrushSize, stepBrushSize } from '../lib/brush-size.js';
import { debounce } from '../lib/debounce.js';
import { countHoles, createMask, fullRect, invertMask, type MaskBitmap } from '../mask/bitmap.js';
import { MaskHistory } from '../mask/history.js';
import { decodeMaskPng, encodeMaskPng } from '../mask/mask-png.js';
import { growMask, shrinkMask } from '../mask/morphology.js';
import { fillPolygon, fillRectangle, stampSegment, type Point } from '../mask/raster.js';
import { EMPTY_RECT, unionRect, type Rect } from '../mask/rect.js';
import type { TaskRunner } from './task-runner.js';

export type MaskTool = 'brush' | 'eraser' | 'rect' | 'lasso';

/** The tools in toolbar order, with their single-key shortcuts. */
export const MASK_TOOLS = [
  { id: 'brush', key: 'b' },
  { id: 'eraser', key: 'e' },
  { id: 'rect', key: 'r' },
  { id: 'lasso', key: 'l' },
] as const satisfies readonly { id: MaskTool; key: string }[];

/** What a rectangle or lasso drag would fill, drawn as an outline until the pointer is released. */
export type MaskPreview = { kind: 'rect'; a: Point; b: Point } | { kind: 'lasso'; points: readonly Point[] };

/** Told about every change of the mask's pixels: a rectangle, or null when the whole mask was replaced. */
export type MaskListener = (mask: MaskBitmap | null, rect: Rect | null) => void;

export { BRUSH_MAX, BRUSH_MIN } from '../lib/brush-size.js';
const SAVE_DEBOUNCE_MS = 1200;

interface Gesture {
  tool: MaskTool;
  points: Point[];
  /** Union of what the gesture touched so far (brush, eraser), for the overlay and the history's diff. */
  dirty: Rect;
}

/**
 * The mask of the open image, as data: a full-resolution bitmap (1 = hole) that the tools rasterise into, with its
 * undo history and its saved copy. Konva only draws it, through the listener.
 */
export class MaskState {
  tool = $state<MaskTool>('brush');
  /** Brush diameter in image pixels. */
  brushSize = $state(40);
  opacity = $state(0.55);
  visible = $state(true);
  /** Pixels grow/shrink moves the edge by. */
  growBy = $state(8);
  /** Per-channel tolerance for "Import green copy…": 0 exact, about 40 for JPEG copies. */
  greenTolerance = $state(0);
  /** Hole pixels, kept up to date after every edit (and exposed for tests). */
  holes = $state(0);
  undoDepth = $state(0);
  redoDepth = $state(0);
  preview = $state.raw<MaskPreview | null>(null);
  /** True while the saved copy lags behind the edits. */
  unsaved = $state(false);

  /** Raw state: which mask is loaded is reactive (toolbar enablement); its pixels change in place, unobserved. */
  #mask = $state.raw<MaskBitmap | null>(null);
  #history: MaskHistory | null = null;
  #imageId = $state<number | null>(null);
  #gesture: Gesture | null = null;
  /** Bumped by every edit, so a save knows whether edits arrived while it ran. */
  #revision = 0;
  #savedRevision = 0;
  #saving: Promise<boolean> = Promise.resolve(true);
  readonly #listeners = new Set<MaskListener>();
  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;
  readonly #scheduleSave = debounce(() => void this.flush(), SAVE_DEBOUNCE_MS);

  constructor(api: KintsugiApi, tasks: TaskRunner) {
    this.#api = api;
    this.#tasks = tasks;
  }

  get bitmap(): MaskBitmap | null {
    return this.#mask;
  }

  get imageId(): number | null {
    return this.#imageId;
  }

  get painting(): boolean {
    return this.#gesture !== null;
  }

  /** Calls `listener` now with the current mask and then on every change; returns the unsubscribe function. */
  subscribe(listener: MaskListener): () => void {
    this.#listeners.add(listener);
    listener(this.#mask, null);
    return () => this.#listeners.delete(listener);
  }

  /** Starts on another image: saves the previous one's edits, then loads this one's saved mask (or an empty one). */
  async load(imageId: number, width: number, height: number): Promise<void> {
    await this.flush();
    this.#set(imageId, createMask(width, height));
    const saved = await this.#tasks.run(this.#tasks.t('task.loadingMask'), () => this.#api.invoke('masks.get', { imageId }), { quiet: true });
    if (!saved?.png || this.#imageId !== imageId) return;
    const mask = await this.#tasks.run(this.#tasks.t('task.readingMask'), () => decodeMaskPng(saved.png!.slice(), width, height), { quiet: true });
    if (mask && this.#imageId === imageId) this.#set(imageId, mask);
  }

  /** Forgets the mask (the editor closed its image). */
  unload(): void {
    this.#scheduleSave.cancel();
    void this.flush();
    this.#mask = null;
    this.#history = null;
    this.#imageId = null;
    this.#sync();
    this.#emit(null);
  }

  setBrushSize(size: number): void {
    this.brushSize = clampBrushSize(size);
  }

  /** `[` and `]`. */
  stepBrushSize(direction: 1 | -1): void {
    this.brushSize = stepBrushSize(this.brushSize, direction);
  }

  // ——— Gestures (pointer in image coordinates) ———

  begin(point: Point): void {
    if (!this.#mask || this.#gesture) return;
    // Painting is never blind: a hidden mask (hidden to see a result) shows again with the first stroke.
    this.visible = true;
    this.#gesture = { tool: this.tool, points: [point], dirty: EMPTY_RECT };
    this.#extend(point, point);
  }

  /** Several points at once when the browser coalesced pointer events between two frames. */
  move(points: readonly Point[]): void {
    const g = this.#gesture;
    if (!g || points.length === 0) return;
    for (const p of points) {
      const last = g.points[g.points.length - 1]!;
      // Sub-pixel jitter adds nothing to a stroke or a lasso outline.
      if (Math.abs(p.x - last.x) < 0.25 && Math.abs(p.y - last.y) < 0.25) continue;
      if (g.tool === 'rect') g.points[1] = p;
      else g.points.push(p);
      this.#extend(last, p);
    }
  }

  end(): void {
    const g = this.#gesture;
    const mask = this.#mask;
    if (!g || !mask) return;
    this.#gesture = null;
    this.preview = null;
    if (g.tool === 'rect') {
      g.dirty = fillRectangle(mask, g.points[0]!, g.points[g.points.length - 1]!, 1);
    } else if (g.tool === 'lasso') {
      g.dirty = fillPolygon(mask, g.points, 1);
    }
    this.#emit(g.dirty);
    this.#commit(g.dirty);
  }

  /** Escape or a lost pointer mid-gesture: puts back the pixels as they were before it. */
  cancel(): void {
    const g = this.#gesture;
    if (!g || !this.#history) return;
    this.#gesture = null;
    this.preview = null;
    this.#emit(this.#history.revert(g.dirty));
  }

  #extend(from: Point, to: Point): void {
    const g = this.#gesture!;
    const mask = this.#mask!;
    if (g.tool === 'brush' || g.tool === 'eraser') {
      const rect = stampSegment(mask, from, to, this.brushSize, g.tool === 'brush' ? 1 : 0);
      g.dirty = unionRect(g.dirty, rect);
      this.#emit(rect);
    } else if (g.tool === 'rect') {
      this.preview = { kind: 'rect', a: g.points[0]!, b: g.points[g.points.length - 1]! };
    } else {
      this.preview = { kind: 'lasso', points: g.points.slice() };
    }
  }

  // ——— Whole-mask operations, each one undoable step ———

  clear(): void {
    this.#edit((mask) => mask.data.fill(0));
  }

  invert(): void {
    this.#edit(invertMask);
  }

  grow(): void {
    this.#edit((mask) => growMask(mask, this.growBy));
  }

  shrink(): void {
    this.#edit((mask) => shrinkMask(mask, this.growBy));
  }

  /** A copy of the holes as they are now (what a run is about to repair), for `subtract` later. */
  snapshot(): Uint8Array | null {
    return this.#mask ? this.#mask.data.slice() : null;
  }

  /** Removes the holes of a snapshot (the ones a kept result repaired) as one step; strokes painted since stay. */
  subtract(holes: Uint8Array): void {
    this.#edit((mask) => {
      if (holes.length !== mask.data.length) return;
      for (let i = 0; i < holes.length; i++) if (holes[i]) mask.data[i] = 0;
    });
  }

  /** Replaces the whole mask (an import) as one step. */
  replace(next: MaskBitmap): void {
    this.#edit((mask) => {
      if (next.width !== mask.width || next.height !== mask.height) {
        throw new KintsugiError('E_INVALID_ARGUMENT', `The mask is ${next.width} × ${next.height} but the image is ${mask.width} × ${mask.height}`);
      }
      mask.data.set(next.data);
    });
  }

  undo(): void {
    this.#step(this.#history?.undo() ?? null);
  }

  redo(): void {
    this.#step(this.#history?.redo() ?? null);
  }

  // ——— Files ———

  /** Reads a mask file or a green-painted copy through main, then replaces the mask with it (undoable). */
  async import(source: MaskSource, kind: 'mask' | 'green'): Promise<boolean> {
    const imageId = this.#imageId;
    const mask = this.#mask;
    if (imageId === null || !mask) return false;
    const label = this.#tasks.t(kind === 'green' ? 'task.importingGreen' : 'task.importingMask');
    const tolerance = kind === 'green' ? this.greenTolerance : 0;
    const imported = await this.#tasks.run(label, async () => {
      const { png } = await this.#api.invoke('masks.import', { imageId, source, kind, tolerance });
      return decodeMaskPng(png.slice(), mask.width, mask.height);
    });
    if (!imported || this.#imageId !== imageId) return false;
    this.replace(imported);
    return true;
  }

  /** The mask as the contract's PNG (grey, 255 = hole), for export. */
  async png(): Promise<Uint8Array<ArrayBuffer> | null> {
    return this.#mask ? encodeMaskPng(this.#mask) : null;
  }

  /**
   * Saves now if there are unsaved edits (inpainting reads the saved mask, so it calls this first). Saves run one
   * after another; resolves false when saving failed (the error toast is already shown).
   */
  flush(): Promise<boolean> {
    this.#scheduleSave.cancel();
    const imageId = this.#imageId;
    const mask = this.#mask;
    const revision = this.#revision;
    this.#saving = this.#saving.then(async () => {
      if (imageId === null || !mask || revision === this.#savedRevision) return true;
      const saved = await this.#tasks.run(
        this.#tasks.t('task.savingMask'),
        async () => this.#api.invoke('masks.save', { imageId, png: await encodeMaskPng(mask) }),
        { quiet: true },
      );
      if (!saved) return false;
      if (this.#imageId === imageId) {
        this.#savedRevision = Math.max(this.#savedRevision, revision);
        this.unsaved = this.#revision !== this.#savedRevision;
      }
      return true;
    });
    return this.#saving;
  }

  #set(imageId: number, mask: MaskBitmap): void {
    this.#gesture = null;
    this.preview = null;
    this.#imageId = imageId;
    this.#mask = mask;
    this.#history = new MaskHistory(mask);
    this.#revision = 0;
    this.#savedRevision = 0;
    this.holes = countHoles(mask);
    this.unsaved = false;
    this.#sync();
    this.#emit(null);
  }

  #edit(change: (mask: MaskBitmap) => void): void {
    const mask = this.#mask;
    if (!mask || this.#gesture) return;
    try {
      change(mask);
    } catch (err) {
      this.#history?.revert();
      this.#tasks.report(err, this.#tasks.t('task.changingMask'));
      return;
    }
    // Only what really changed is repainted and stored (clearing a small mask touches only its bounding box).
    const changed = this.#commit(fullRect(mask));
    if (changed) this.#emit(changed);
  }

  #commit(within: Rect): Rect | null {
    const change = this.#history?.commit(within);
    if (!change) return null;
    this.#changed(change.holesDelta);
    return change.rect;
  }

  #step(change: { rect: Rect; holesDelta: number } | null): void {
    if (!change) return;
    this.#emit(change.rect);
    this.#changed(change.holesDelta);
  }

  #changed(holesDelta: number): void {
    this.holes += holesDelta;
    this.#revision++;
    this.unsaved = true;
    this.#sync();
    this.#scheduleSave();
  }

  #sync(): void {
    this.undoDepth = this.#history?.undoDepth ?? 0;
    this.redoDepth = this.#history?.redoDepth ?? 0;
  }

  #emit(rect: Rect | null): void {
    for (const listener of this.#listeners) listener(this.#mask, rect);
  }
}
