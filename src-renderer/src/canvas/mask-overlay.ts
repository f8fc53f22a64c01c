import Konva from 'konva';
import { greenRgba, type MaskBitmap } from '../mask/bitmap.js';
import { clipRect, intersectRect, isEmptyRect, type Rect } from '../mask/rect.js';

/** Tile edge in image pixels: small enough that a stamp repaints little, large enough to keep node count low. */
const TILE = 512;

interface Tile {
  rect: Rect;
  ctx: CanvasRenderingContext2D;
  node: Konva.Image;
}

/**
 * Draws a mask as opaque green (#00FF00) on canvases of 512² tiles; the layer's opacity makes it see-through.
 * Edits repaint only the tiles' part under the changed rectangle (putImageData), never the whole image, so
 * painting on a 24-megapixel photo costs the same as on a small one.
 */
export class MaskOverlay {
  readonly group = new Konva.Group({ listening: false });
  #tiles: Tile[] = [];
  #mask: MaskBitmap | null = null;

  /** Shows another mask (or none), rebuilding the tiles when its size changed. */
  setMask(mask: MaskBitmap | null): void {
    if (!mask || !this.#mask || mask.width !== this.#mask.width || mask.height !== this.#mask.height) this.#build(mask);
    this.#mask = mask;
    if (mask) this.update({ x: 0, y: 0, width: mask.width, height: mask.height });
  }

  /** Repaints the tiles under `rect` (image pixels) from the mask. */
  update(rect: Rect): void {
    const mask = this.#mask;
    if (!mask) return;
    const dirty = clipRect(rect, mask.width, mask.height);
    if (isEmptyRect(dirty)) return;
    for (const tile of this.#tiles) {
      const part = intersectRect(tile.rect, dirty);
      if (isEmptyRect(part)) continue;
      const pixels = new ImageData(greenRgba(mask, part), part.width, part.height);
      tile.ctx.putImageData(pixels, part.x - tile.rect.x, part.y - tile.rect.y);
    }
  }

  destroy(): void {
    this.#build(null);
    this.group.destroy();
  }

  #build(mask: MaskBitmap | null): void {
    for (const tile of this.#tiles) tile.node.destroy();
    this.#tiles = [];
    if (!mask) return;
    for (let y = 0; y < mask.height; y += TILE) {
      for (let x = 0; x < mask.width; x += TILE) {
        const rect = { x, y, width: Math.min(TILE, mask.width - x), height: Math.min(TILE, mask.height - y) };
        const canvas = document.createElement('canvas');
        canvas.width = rect.width;
        canvas.height = rect.height;
        const ctx = canvas.getContext('2d', { willReadFrequently: false });
        if (!ctx) throw new Error('No 2D canvas for the mask overlay');
        const node = new Konva.Image({ image: canvas, ...rect, listening: false, perfectDrawEnabled: false });
        this.group.add(node);
        this.#tiles.push({ rect, ctx, node });
      }
    }
  }
}
