import type { Database } from 'better-sqlite3';
import type { ImageRecord, MaskInfo } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import type { HoleMask } from '../engines/inpaint/engine.js';
import { decodeGreenMask, decodeMask, encodeMaskPng, maskCoverage, type MaskSize } from '../images/mask-codec.js';
import type { ImageInput } from '../images/rgb-pixels.js';
import * as masks from '../library/masks-repo.js';

/** What the masks need of the library: an image's record (its displayed size), E_NOT_FOUND when there is none. */
export interface ImageLookup {
  get(id: number): ImageRecord;
}

export type MaskKind = 'mask' | 'green';

export interface MaskPng {
  png: Uint8Array<ArrayBuffer>;
  info: MaskInfo;
}

/** The masks the renderer saves exactly as painted: every non-zero grey is a hole. */
const SAVED_MASK_THRESHOLD = 1;

/**
 * A plain Uint8Array copy of a Buffer: JSON.stringify would call Buffer's toJSON before the wire codec could see the
 * bytes, so answers must not carry Buffers. Mask PNGs are small; the copy costs nothing that matters.
 */
function plainBytes(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer);
}

function sizeOf(image: ImageRecord): MaskSize {
  return { width: image.width, height: image.height };
}

/** One mask per image, at the image's displayed size, stored normalised (grey 255/0) whatever PNG came in. */
export class MasksService {
  readonly #db: Database;
  readonly #images: ImageLookup;

  constructor(opts: { db: Database; images: ImageLookup }) {
    this.#db = opts.db;
    this.#images = opts.images;
  }

  get(imageId: number): { png: Uint8Array<ArrayBuffer> | null; info: MaskInfo | null } {
    this.#images.get(imageId);
    const stored = masks.getMask(this.#db, imageId);
    if (!stored) return { png: null, info: null };
    return { png: plainBytes(stored.png), info: { imageId, width: stored.width, height: stored.height, coverage: stored.coverage } };
  }

  async save(imageId: number, png: Uint8Array): Promise<MaskInfo> {
    const image = this.#images.get(imageId);
    const mask = await decodeMask(png, 'mask', sizeOf(image), SAVED_MASK_THRESHOLD);
    const normalised = await this.#toPng(imageId, mask, sizeOf(image));
    masks.putMask(this.#db, { ...normalised.info, png: Buffer.from(normalised.png), updatedAt: new Date().toISOString() });
    return normalised.info;
  }

  clear(imageId: number): boolean {
    return masks.deleteMask(this.#db, imageId);
  }

  /**
   * Read a mask for an image from a mask picture (white = hole) or a green-painted copy, checked against the image's
   * size. Nothing is saved: the editor shows it, and the user saves it like a painted one.
   */
  async import(imageId: number, input: ImageInput, label: string, kind: MaskKind, tolerance = 0): Promise<MaskPng> {
    const image = this.#images.get(imageId);
    const mask =
      kind === 'green'
        ? await decodeGreenMask(input, label, sizeOf(image), tolerance)
        : await decodeMask(input, label, sizeOf(image));
    return this.#toPng(imageId, mask, sizeOf(image));
  }

  /** The saved mask as engines take it; an image without one cannot be inpainted. */
  async holeMask(imageId: number): Promise<HoleMask> {
    const image = this.#images.get(imageId);
    const stored = masks.getMask(this.#db, imageId);
    if (!stored) throw new KintsugiError('E_INVALID_ARGUMENT', 'This image has no mask: paint one first');
    return decodeMask(stored.png, 'saved mask', sizeOf(image));
  }

  async #toPng(imageId: number, mask: HoleMask, size: MaskSize): Promise<MaskPng> {
    const png = plainBytes(await encodeMaskPng(mask, size));
    return { png, info: { imageId, ...size, coverage: maskCoverage(mask) } };
  }
}
