import type { Worker } from 'node:worker_threads';
import type { BackendPreference, GeneratedImage, ImportSummary, Model } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import type { RgbImage } from '../engines/inpaint/engine.js';
import type { MediaBytes } from '../images/display.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import { encodeRgbPng } from '../images/rgb-pixels.js';
import type { LibraryService } from '../library/library-service.js';
import { readManifest } from '../models/model-folder.js';
import type { ModelsService } from '../models/models-service.js';
import type { CallOptions } from '../workers/serial-worker.js';
import { GenerateWorker } from './generate-in-worker.js';
import { GeneratedStore } from './generated-store.js';
import { framePositions, latentVector, slerp } from './latent.js';

export interface SampleRequest {
  modelId: number;
  count: number;
  seed: number;
}

export interface InterpolateRequest {
  modelId: number;
  seedA: number;
  indexA: number;
  seedB: number;
  indexB: number;
  frames: number;
}

/** A grid or a strip asked for by a window: run as job `jobId`, so `jobs.cancel` reaches it. */
export interface AsJob {
  jobId: string;
}

export type ProgressListener = (fraction: number, stage: string) => void;

export interface GenerateServiceOptions {
  dataDir: string;
  jobs: JobRegistry;
  models: Pick<ModelsService, 'get' | 'dir'>;
  library: Pick<LibraryService, 'importUploads'>;
  /** The backend preference the worker selects with (tfjs backends are per thread). */
  backend: BackendPreference;
  /** How the worker thread is started; tests swap in misbehaving ones. */
  spawnWorker?: (() => Worker) | undefined;
}

/** A GAN model ready to sample: its record and the length of its latent vectors. */
interface Gan {
  model: Model;
  dir: string;
  latentSize: number;
}

/** File name of sample `index` of `seed` (the CLI's and the library's). */
export function sampleFileName(seed: number, index: number): string {
  return `generated-seed${seed}-${String(index).padStart(2, '0')}.png`;
}

function frameFileName(req: InterpolateRequest, frame: number): string {
  return `generated-seed${req.seedA}.${req.indexA}-to-seed${req.seedB}.${req.indexB}-frame${String(frame).padStart(2, '0')}.png`;
}

function concat(vectors: readonly Float32Array[], size: number): Float32Array {
  const out = new Float32Array(vectors.length * size);
  vectors.forEach((v, i) => out.set(v, i * size));
  return out;
}

/**
 * New images from a trained GAN: a grid of samples of a seed, a strip interpolating between two samples, and saving
 * picks to the library. The generator runs in a worker thread that keeps it loaded; generated images wait as PNGs in a
 * temporary folder (media `generated/<id>`) until they are saved.
 */
export class GenerateService {
  readonly #models: GenerateServiceOptions['models'];
  readonly #library: GenerateServiceOptions['library'];
  readonly #backend: BackendPreference;
  readonly #jobs: JobRegistry;
  readonly #worker: GenerateWorker;
  readonly #store: GeneratedStore;

  constructor(opts: GenerateServiceOptions) {
    this.#models = opts.models;
    this.#library = opts.library;
    this.#backend = opts.backend;
    this.#jobs = opts.jobs;
    this.#worker = new GenerateWorker(opts.spawnWorker);
    this.#store = new GeneratedStore(opts.dataDir);
  }

  /** Delete the temporary images of processes that have ended. */
  sweep(): Promise<void> {
    return this.#store.sweep();
  }

  /** The pixels of sample 0…count−1 of `seed`, not stored (the CLI writes them itself). */
  async sampleImages(req: SampleRequest, options: CallOptions = {}): Promise<RgbImage[]> {
    const gan = await this.#gan(req.modelId);
    const latents = Array.from({ length: req.count }, (_, i) => latentVector(req.seed, i, gan.latentSize));
    return this.#generate(gan, latents, options);
  }

  sample(req: SampleRequest & AsJob, onProgress: ProgressListener = () => {}): Promise<GeneratedImage[]> {
    return this.#jobs.run(req.jobId, async (signal) => {
      const images = await this.sampleImages(req, { signal, onProgress });
      return this.#keep(images, (i) => ({ modelId: req.modelId, seed: req.seed, index: i, t: null, name: sampleFileName(req.seed, i) }));
    });
  }

  /** Frames from sample (seedA, indexA) to sample (seedB, indexB): the ends are exactly those samples. */
  interpolate(req: InterpolateRequest & AsJob, onProgress: ProgressListener = () => {}): Promise<GeneratedImage[]> {
    return this.#jobs.run(req.jobId, async (signal) => {
      const gan = await this.#gan(req.modelId);
      const a = latentVector(req.seedA, req.indexA, gan.latentSize);
      const b = latentVector(req.seedB, req.indexB, gan.latentSize);
      const positions = framePositions(req.frames);
      const images = await this.#generate(
        gan,
        positions.map((t) => slerp(a, b, t)),
        { signal, onProgress },
      );
      return this.#keep(images, (i) => ({ modelId: req.modelId, seed: req.seedA, index: i, t: positions[i] as number, name: frameFileName(req, i) }));
    });
  }

  /** Import generated images into the library (stored as PNG files under the data folder like uploads). */
  async save(ids: readonly number[], projectId?: number): Promise<ImportSummary> {
    const files = await Promise.all(ids.map(async (id) => ({ name: this.#store.get(id).image.name, bytes: new Uint8Array(await this.#store.bytes(id)) })));
    return this.#library.importUploads(files, { projectId });
  }

  async media(id: number): Promise<MediaBytes> {
    return { contentType: 'image/png', data: await this.#store.bytes(id) };
  }

  /** Unload a deleted model's generator. */
  release(modelId: number): Promise<void> {
    return this.#worker.release(modelId);
  }

  async close(): Promise<void> {
    await this.#worker.close();
    await this.#store.clear();
  }

  /** The model, refused unless it is a GAN (checked before any worker starts). */
  async #gan(modelId: number): Promise<Gan> {
    const model = this.#models.get(modelId);
    if (model.kind !== 'gan') {
      throw new KintsugiError('E_BAD_MODEL', `Model ${modelId} ("${model.name}") is a ${model.kind} model; only a GAN model (kind gan) generates images`);
    }
    const dir = this.#models.dir(modelId);
    const { io } = await readManifest(dir);
    if (io.input !== 'latent') throw new KintsugiError('E_BAD_MODEL', `Model ${modelId} does not take a latent vector as input`);
    return { model, dir, latentSize: io.latentSize };
  }

  #generate(gan: Gan, latents: Float32Array[], options: CallOptions): Promise<RgbImage[]> {
    return this.#worker.generate({ id: gan.model.id, dir: gan.dir, backend: this.#backend }, concat(latents, gan.latentSize), options);
  }

  async #keep(images: RgbImage[], describe: (i: number) => Omit<GeneratedImage, 'id' | 'width' | 'height'>): Promise<GeneratedImage[]> {
    const kept: GeneratedImage[] = [];
    for (const [i, image] of images.entries()) {
      kept.push(await this.#store.add(await encodeRgbPng(image), { ...describe(i), width: image.width, height: image.height }));
    }
    return kept;
  }
}
