import Konva from 'konva';
import type { ColourHint } from '../../../src-shared/contract/colorize-hints.js';

/** A dark rim, a little wider than the brush, keeps light and dark hint colours visible on any grey. */
const RIM = 'rgba(0,0,0,0.55)';

/**
 * Draws colour hints (points and scribbles in image pixels) as round-brush strokes of their colour. The finished
 * hints are rebuilt only when their list changes; the scribble being drawn lives in its own group, so a drag
 * redraws one stroke.
 */
export class HintOverlay {
  readonly group = new Konva.Group({ listening: false });
  readonly #done = new Konva.Group({ listening: false });
  readonly #drawing = new Konva.Group({ listening: false });
  #hints: readonly ColourHint[] | null = null;

  constructor() {
    this.group.add(this.#done, this.#drawing);
  }

  /** The finished hints and the scribble being drawn (null: none); the caller redraws the layer. */
  setHints(hints: readonly ColourHint[], stroke: ColourHint | null): void {
    if (hints !== this.#hints) {
      this.#hints = hints;
      replaceChildren(this.#done, hints);
    }
    replaceChildren(this.#drawing, stroke ? [stroke] : []);
  }

  destroy(): void {
    this.group.destroy();
  }
}

function replaceChildren(group: Konva.Group, hints: readonly ColourHint[]): void {
  group.destroyChildren();
  for (const hint of hints) group.add(...hintNodes(hint));
}

function hintNodes(hint: ColourHint): Konva.Shape[] {
  const r = hint.radius;
  const rim = Math.max(1, r * 0.3);
  const common = { listening: false, perfectDrawEnabled: false };
  if (hint.points.length === 1) {
    const { x, y } = hint.points[0]!;
    return [new Konva.Circle({ ...common, x, y, radius: r + rim / 2, fill: RIM }), new Konva.Circle({ ...common, x, y, radius: r, fill: hint.colour })];
  }
  const points = hint.points.flatMap((p) => [p.x, p.y]);
  const line = { ...common, points, lineCap: 'round', lineJoin: 'round' } as const;
  return [new Konva.Line({ ...line, stroke: RIM, strokeWidth: 2 * r + rim }), new Konva.Line({ ...line, stroke: hint.colour, strokeWidth: 2 * r })];
}
