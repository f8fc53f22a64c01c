import type { ColourHint, HintPoint } from '../../../src-shared/contract/colorize-hints.js';

/** Steps kept for undo; a step is a whole (small) list of hints, so this costs little. */
const MAX_STEPS = 200;

/**
 * The colour hints of the open image as an undoable list: each change (one more hint, a clear, a loaded preset) is
 * one step. Lists are never changed in place, so a step is just the list it replaced.
 */
export class HintHistory {
  #current: readonly ColourHint[] = [];
  #undo: (readonly ColourHint[])[] = [];
  #redo: (readonly ColourHint[])[] = [];

  get current(): readonly ColourHint[] {
    return this.#current;
  }

  get undoDepth(): number {
    return this.#undo.length;
  }

  get redoDepth(): number {
    return this.#redo.length;
  }

  /** Replaces the list as one undoable step (a no-op when nothing would change). */
  set(next: readonly ColourHint[]): void {
    if (next === this.#current || (next.length === 0 && this.#current.length === 0)) return;
    this.#undo.push(this.#current);
    if (this.#undo.length > MAX_STEPS) this.#undo.shift();
    this.#redo = [];
    this.#current = next;
  }

  add(hint: ColourHint): void {
    this.set([...this.#current, hint]);
  }

  undo(): boolean {
    const previous = this.#undo.pop();
    if (!previous) return false;
    this.#redo.push(this.#current);
    this.#current = previous;
    return true;
  }

  redo(): boolean {
    const next = this.#redo.pop();
    if (!next) return false;
    this.#undo.push(this.#current);
    this.#current = next;
    return true;
  }

  /** Starts over (another image): no hints and nothing to undo. */
  reset(): void {
    this.#current = [];
    this.#undo = [];
    this.#redo = [];
  }
}

/**
 * Adds a pointer position to a scribble unless it is within `minStep` image pixels of the last point kept: a slow
 * drag sends hundreds of nearly equal points, which would only bloat the request and the saved preset (the brush
 * covers the gaps). Returns whether the point was kept.
 */
export function extendStroke(points: HintPoint[], point: HintPoint, minStep: number): boolean {
  const last = points[points.length - 1];
  if (last && Math.hypot(point.x - last.x, point.y - last.y) < minStep) return false;
  points.push({ x: point.x, y: point.y });
  return true;
}
