import { diffBounds, fullRect, readRect, writeRect, type MaskBitmap } from './bitmap.js';
import { packBytes, packedSize, unpackBytes, type PackedBytes } from './packed-bytes.js';
import { isEmptyRect, type Rect } from './rect.js';

/** One undoable step: the changed rectangle's bytes before and after it. */
interface Patch {
  rect: Rect;
  before: PackedBytes;
  after: PackedBytes;
  /** Hole count after minus before, so the count follows undo/redo without a full scan. */
  holesDelta: number;
  bytes: number;
}

export interface HistoryLimits {
  /** Most undo steps kept; the oldest go first. */
  maxSteps: number;
  /** Most bytes the patches may hold together (run-length packed, so strokes cost little). */
  maxBytes: number;
}

export const DEFAULT_HISTORY_LIMITS: HistoryLimits = { maxSteps: 200, maxBytes: 256 * 2 ** 20 };

/** What an undo or redo changed, for the overlay and the hole count. */
export interface HistoryChange {
  rect: Rect;
  holesDelta: number;
}

/**
 * Undo/redo over a mask edited in place. It keeps one copy of the last committed state; `commit` compares the mask
 * with it (only inside the rectangle the edit reports) and records the difference as a patch, so a step costs the
 * bytes of what changed, never a full copy.
 */
export class MaskHistory {
  readonly #mask: MaskBitmap;
  readonly #limits: HistoryLimits;
  #committed: Uint8Array;
  #undo: Patch[] = [];
  #redo: Patch[] = [];
  #bytes = 0;

  constructor(mask: MaskBitmap, limits: HistoryLimits = DEFAULT_HISTORY_LIMITS) {
    this.#mask = mask;
    this.#limits = limits;
    this.#committed = mask.data.slice();
  }

  get undoDepth(): number {
    return this.#undo.length;
  }

  get redoDepth(): number {
    return this.#redo.length;
  }

  /** Forgets every step and takes the mask as it is now as the starting point (after loading one). */
  reset(): void {
    this.#committed = this.#mask.data.slice();
    this.#undo = [];
    this.#redo = [];
    this.#bytes = 0;
  }

  /**
   * Records the edits made since the last commit as one step. `within` bounds where they can be (the whole mask
   * when omitted). Returns the step's change, or null when nothing changed (no empty steps in the history).
   */
  commit(within: Rect = fullRect(this.#mask)): HistoryChange | null {
    const { width, data } = this.#mask;
    const rect = diffBounds(this.#committed, data, width, within);
    if (isEmptyRect(rect)) return null;
    const beforeBytes = readRect(this.#committed, width, rect);
    const afterBytes = readRect(data, width, rect);
    const before = packBytes(beforeBytes);
    const after = packBytes(afterBytes);
    const holesDelta = sum(afterBytes) - sum(beforeBytes);
    writeRect(this.#committed, width, rect, afterBytes);
    this.#push({ rect, before, after, holesDelta, bytes: packedSize(before) + packedSize(after) });
    this.#redo = [];
    return { rect, holesDelta };
  }

  /** Puts back the last committed state over uncommitted edits (a cancelled stroke). */
  revert(within: Rect = fullRect(this.#mask)): Rect {
    const { width, data } = this.#mask;
    const rect = diffBounds(this.#committed, data, width, within);
    if (!isEmptyRect(rect)) writeRect(data, width, rect, readRect(this.#committed, width, rect));
    return rect;
  }

  undo(): HistoryChange | null {
    const patch = this.#undo.pop();
    if (!patch) return null;
    this.#bytes -= patch.bytes;
    this.#apply(patch.rect, patch.before);
    this.#redo.push(patch);
    return { rect: patch.rect, holesDelta: -patch.holesDelta };
  }

  redo(): HistoryChange | null {
    const patch = this.#redo.pop();
    if (!patch) return null;
    this.#apply(patch.rect, patch.after);
    this.#push(patch);
    return { rect: patch.rect, holesDelta: patch.holesDelta };
  }

  #apply(rect: Rect, packed: PackedBytes): void {
    const bytes = unpackBytes(packed);
    writeRect(this.#mask.data, this.#mask.width, rect, bytes);
    writeRect(this.#committed, this.#mask.width, rect, bytes);
  }

  #push(patch: Patch): void {
    this.#undo.push(patch);
    this.#bytes += patch.bytes;
    while (this.#undo.length > 1 && (this.#undo.length > this.#limits.maxSteps || this.#bytes > this.#limits.maxBytes)) {
      this.#bytes -= this.#undo.shift()!.bytes;
    }
  }
}

function sum(bytes: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bytes.length; i++) n += bytes[i]!;
  return n;
}

