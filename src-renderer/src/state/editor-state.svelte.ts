import type { KintsugiApi } from '../../../src-shared/api.js';
import type { ImageRecord } from '../../../src-shared/contract/index.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import type { ViewTransform } from '../canvas/view-transform.js';
import type { TaskRunner } from './task-runner.js';

async function decodeImage(url: string, name: string): Promise<HTMLImageElement> {
  const img = new Image();
  // CORS-clean pixels: without it a kintsugi-media:// image taints the canvas and masks could not read it back.
  img.crossOrigin = 'anonymous';
  img.decoding = 'async';
  img.src = url;
  try {
    await img.decode();
  } catch {
    // An <img> cannot say why a load failed; the server's log and the record's format are where to look next.
    throw new KintsugiError('E_BAD_IMAGE', `The pixels of "${name}" could not be loaded or decoded`);
  }
  return img;
}

/** The image open in the editor; the Konva stage only draws what this holds. The mask will live here too. */
export class EditorState {
  record = $state.raw<ImageRecord | null>(null);
  bitmap = $state.raw<HTMLImageElement | null>(null);
  loading = $state(false);
  /** Mirrors the stage's transform for the zoom label; the stage owns it. */
  view = $state.raw<ViewTransform>({ zoom: 1, x: 0, y: 0 });

  #openToken = 0;
  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;

  constructor(api: KintsugiApi, tasks: TaskRunner) {
    this.#api = api;
    this.#tasks = tasks;
  }

  async open(id: number): Promise<void> {
    if (this.record?.id === id && this.bitmap) return;
    const token = ++this.#openToken;
    this.loading = true;
    try {
      const opened = await this.#tasks.run('Opening the image', async () => {
        const record = await this.#api.invoke('library.get', { id });
        return { record, bitmap: await decodeImage(this.#api.mediaUrl('image', id), record.name) };
      });
      // A later open wins: a slow large image must not replace the one the user chose after it.
      if (token !== this.#openToken || !opened) return;
      this.record = opened.record;
      this.bitmap = opened.bitmap;
    } finally {
      if (token === this.#openToken) this.loading = false;
    }
  }
}
