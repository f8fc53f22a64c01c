import type { KintsugiApi } from '../../../src-shared/api.js';
import { hintsForSize } from '../../../src-shared/colorize/hints-for-size.js';
import type { ColourHint, HintPoint, HintPresetSummary } from '../../../src-shared/contract/index.js';
import { clampBrushSize, stepBrushSize } from '../lib/brush-size.js';
import { extendStroke, HintHistory } from '../lib/hint-history.js';
import type { TaskRunner } from './task-runner.js';

/** Quick colours for what old photos are full of; only their chroma counts (the photo keeps its own lightness). */
export const HINT_SWATCHES = [
  { name: 'Sky', colour: '#4a7fd6' },
  { name: 'Skin', colour: '#d9a07a' },
  { name: 'Foliage', colour: '#5c9a2e' },
  { name: 'Wood', colour: '#8a5a32' },
] as const;

/** Scribble points closer than this share of the brush diameter add nothing the brush does not already cover. */
const STROKE_STEP = 0.25;

/**
 * The colour points and scribbles drawn on the open image for the `hints` colorizer (in its pixel coordinates), the
 * brush that draws them, and the saved presets. Konva only draws what this holds.
 */
export class HintsState {
  hints = $state.raw<readonly ColourHint[]>([]);
  /** The scribble being drawn, shown before it becomes a hint on release. */
  stroke = $state.raw<ColourHint | null>(null);
  colour = $state<string>(HINT_SWATCHES[0].colour);
  /** Brush diameter in image pixels. */
  brushSize = $state(16);
  visible = $state(true);
  undoDepth = $state(0);
  redoDepth = $state(0);
  presets = $state.raw<HintPresetSummary[]>([]);

  readonly #history = new HintHistory();
  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;

  constructor(api: KintsugiApi, tasks: TaskRunner) {
    this.#api = api;
    this.#tasks = tasks;
  }

  get drawing(): boolean {
    return this.stroke !== null;
  }

  setBrushSize(size: number): void {
    this.brushSize = clampBrushSize(size);
  }

  stepBrushSize(direction: 1 | -1): void {
    this.brushSize = stepBrushSize(this.brushSize, direction);
  }

  // ——— Gestures (pointer in image coordinates): a click is a point, a drag a scribble ———

  begin(point: HintPoint): void {
    if (this.stroke) return;
    this.stroke = { points: [{ x: point.x, y: point.y }], radius: this.brushSize / 2, colour: this.colour };
  }

  move(points: readonly HintPoint[]): void {
    const stroke = this.stroke;
    if (!stroke) return;
    const kept = [...stroke.points];
    const added = points.filter((p) => extendStroke(kept, p, Math.max(1, STROKE_STEP * 2 * stroke.radius))).length;
    if (added > 0) this.stroke = { ...stroke, points: kept };
  }

  end(): void {
    const stroke = this.stroke;
    if (!stroke) return;
    this.stroke = null;
    this.#history.add(stroke);
    this.#sync();
  }

  /** Escape or a lost pointer mid-scribble: the scribble is dropped. */
  cancel(): void {
    this.stroke = null;
  }

  undo(): void {
    if (this.#history.undo()) this.#sync();
  }

  redo(): void {
    if (this.#history.redo()) this.#sync();
  }

  /** Removes every hint (one undoable step). */
  clear(): void {
    this.#history.set([]);
    this.#sync();
  }

  /** Another image is open: its hints start empty (hints are in the pixels of the image they were drawn on). */
  reset(): void {
    this.stroke = null;
    this.#history.reset();
    this.#sync();
  }

  // ——— Presets ———

  async loadPresets(): Promise<void> {
    const list = await this.#tasks.run('Listing the hint presets', () => this.#api.invoke('hints.presets.list', {}), { quiet: true });
    if (list) this.presets = list;
  }

  /** Saves the hints, drawn on an image of `width` x `height`, under `name` (replacing a preset of that name). */
  async savePreset(name: string, width: number, height: number): Promise<HintPresetSummary | null> {
    const hints = [...this.hints];
    const saved = await this.#tasks.run('Saving the preset', () => this.#api.invoke('hints.presets.save', { name, width, height, hints }));
    if (!saved) return null;
    await this.loadPresets();
    return saved;
  }

  /** Replaces the hints with a preset's, placed on an image of `width` x `height` (one undoable step). */
  async applyPreset(id: number, width: number, height: number): Promise<boolean> {
    const preset = await this.#tasks.run('Loading the preset', () => this.#api.invoke('hints.presets.get', { id }));
    if (!preset) return false;
    this.stroke = null;
    this.#history.set(hintsForSize(preset, width, height));
    this.#sync();
    return true;
  }

  async removePreset(id: number): Promise<void> {
    const removed = await this.#tasks.run('Deleting the preset', () => this.#api.invoke('hints.presets.remove', { id }));
    if (removed) await this.loadPresets();
  }

  #sync(): void {
    this.hints = this.#history.current;
    this.undoDepth = this.#history.undoDepth;
    this.redoDepth = this.#history.redoDepth;
  }
}
