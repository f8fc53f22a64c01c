import { basename } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { BackendPreference, ColourHint, EngineInfo, ExportFormat, Model, Result } from '../../src-shared/contract/index.js';
import { HINTS_ENGINE, hintsForSize, modelEngineId, REFERENCE_ENGINE } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import type { ColorizeEngineSpec } from '../../src-shared/workers/colorize-messages.js';
import type { RgbImage } from '../engines/inpaint/engine.js';
import { exportImage, type ExportedFile } from '../images/export-image.js';
import { decodeRgb, encodeRgbPng } from '../images/rgb-pixels.js';
import { checkFileOutput, formatForPath } from '../inpaint/inpaint-file.js';
import type { ResultsService } from '../inpaint/results-service.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import type { ImageLookup } from '../masks/masks-service.js';
import type { ModelsService } from '../models/models-service.js';
import { colorizeModelOf, defaultColorizeModel, REFERENCE_SEED } from './colorize-engine.js';
import { ColorizeWorker, type ColorizeCallOptions } from './colorize-in-worker.js';
import type { HintPresetsService } from './hint-presets-service.js';

const REFERENCE_INFO: EngineInfo = {
  id: REFERENCE_ENGINE,
  name: 'Reference photos',
  kind: 'embedded',
  modes: [],
  description: 'Takes the colours of one or more colour photos you pick, matched by brightness and texture; needs no trained model.',
};

const HINTS_INFO: EngineInfo = {
  id: HINTS_ENGINE,
  name: 'Colour hints',
  kind: 'embedded',
  modes: [],
  description: 'Drop a few colour points or scribbles on the photo; each colour spreads up to the edges around it. Needs no trained model.',
};

/** What colorization needs of the model library. */
export type ColorizeModels = Pick<ModelsService, 'list' | 'get' | 'dir' | 'defaultFor'>;

export interface ColorizeRunRequest {
  jobId: string;
  imageId: number;
  /** The version to colorize; undefined = the original. */
  resultId?: number | undefined;
  /** `reference`, `hints` or `model-<id>`; undefined = the default colorize model. */
  engine?: string | undefined;
  referenceImageIds?: number[] | undefined;
  /** For the `hints` engine, in pixels of the version colorized. */
  hints?: ColourHint[] | undefined;
}

export interface ColorizeFileRequest {
  image: string;
  /** Written with the image's EXIF and ICC profile. */
  out: string;
  /** Replace `out` when it exists; otherwise an existing file is refused before any work. */
  overwrite: boolean;
  /** Default: from the extension of `out`. */
  format?: ExportFormat | undefined;
  /** JPEG and WebP, 1-100. */
  quality: number;
  engine?: string | undefined;
  /** Colour photos for the `reference` engine. */
  references: readonly string[];
  /** For the `hints` engine: a saved preset, placed on the image with hintsForSize. */
  hintsPresetId?: number | undefined;
}

export interface ColorizeServiceOptions {
  results: ResultsService;
  jobs: JobRegistry;
  /** Library images, for references given by id. */
  images: ImageLookup;
  models: ColorizeModels;
  /** Colour-hint presets, for files colorized with a preset. */
  presets: Pick<HintPresetsService, 'get'>;
  /** The backend preference workers select with (tfjs backends are per thread). */
  backend: BackendPreference;
  /** How worker threads are started; tests swap in misbehaving ones. */
  spawnWorker?: (() => Worker) | undefined;
}

/** An engine id checked against the library: an embedded engine, or a colorize model. */
type ChosenEngine = { id: typeof REFERENCE_ENGINE | typeof HINTS_ENGINE } | { id: string; model: Model };

/** What a request brings for the engines that need more than the photo. */
interface EngineInputs {
  references: number;
  hints: boolean;
}

/**
 * Colorization for the editor (a new pending version of a library image) and for single files (the CLI). Engines run
 * in one colorization worker thread that keeps its last model loaded, so repeated runs with a model load it once.
 * (Batch jobs open their own worker per job: jobs/batch/worker-colorizer.ts.)
 */
export class ColorizeService {
  readonly #results: ResultsService;
  readonly #jobs: JobRegistry;
  readonly #images: ImageLookup;
  readonly #models: ColorizeModels;
  readonly #presets: Pick<HintPresetsService, 'get'>;
  readonly #backend: BackendPreference;
  readonly #worker: ColorizeWorker;

  constructor(opts: ColorizeServiceOptions) {
    this.#results = opts.results;
    this.#jobs = opts.jobs;
    this.#images = opts.images;
    this.#models = opts.models;
    this.#presets = opts.presets;
    this.#backend = opts.backend;
    this.#worker = new ColorizeWorker({ spawn: opts.spawnWorker });
  }

  /** The embedded engines first, then one engine per colorize model (newest first). */
  engines(): EngineInfo[] {
    return [
      REFERENCE_INFO,
      HINTS_INFO,
      ...this.#models.list('colorize').map(
        (model): EngineInfo => ({
          id: modelEngineId(model.id),
          name: model.name,
          kind: 'model',
          modes: [],
          description: `${model.source === 'shipped' ? 'Ships with Kintsugi: colorizer' : 'Trained colorizer'} (${model.arch}, ${model.inputSize} px)${model.isDefault ? ', the default' : ''}`,
        }),
      ),
    ];
  }

  /** Runs as job `jobId` (cancellable through the JobRegistry); a cancelled run writes nothing. */
  run(req: ColorizeRunRequest, onProgress: (fraction: number, stage: string) => void = () => {}): Promise<Result> {
    return this.#jobs.run(req.jobId, async (signal) => {
      const referenceIds = req.referenceImageIds ?? [];
      const hints = req.hints ?? [];
      const engine = this.#choose(req.engine, { references: referenceIds.length, hints: hints.length > 0 });
      // Checked before the references are decoded: a wrong version fails at once.
      this.#results.versionFile(req.imageId, req.resultId);
      const references = await Promise.all(
        referenceIds.map((id) => {
          const image = this.#images.get(id);
          return decodeRgb(image.path, image.name);
        }),
      );
      const spec = this.#spec(engine, references, hints);
      const params =
        'model' in engine
          ? { modelId: engine.model.id, modelName: engine.model.name }
          : engine.id === HINTS_ENGINE
            ? { hints }
            : { referenceImageIds: referenceIds };
      return this.#results.derive(
        { imageId: req.imageId, resultId: req.resultId, operation: 'colorize', engine: engine.id, params },
        signal,
        (image) => this.#worker.colorize(image, spec, { signal, onProgress }),
        onProgress,
      );
    });
  }

  /** Colorize an image file into another file, outside the library (the CLI's path). */
  async colorizeFile(req: ColorizeFileRequest, options: ColorizeCallOptions = {}): Promise<ExportedFile> {
    const engine = this.#choose(req.engine, { references: req.references.length, hints: req.hintsPresetId !== undefined });
    const format = req.format ?? formatForPath(req.out);
    await checkFileOutput(req.image, req.out, req.overwrite);
    const preset = req.hintsPresetId === undefined ? undefined : this.#presets.get(req.hintsPresetId);
    const image = await decodeRgb(req.image, basename(req.image));
    const hints = preset ? hintsForSize(preset, image.width, image.height) : [];
    const spec = this.#spec(engine, await decodeFiles(req.references), hints);
    const output = await this.#worker.colorize(image, spec, options);
    return exportImage({ original: req.image, version: await encodeRgbPng(output), dest: req.out, format, quality: req.quality, overwrite: req.overwrite });
  }

  /** Ends the shared worker (and its model); the next call starts a fresh one. */
  close(): Promise<void> {
    return this.#worker.close();
  }

  /** The engine a request names, checked against the library, and whether it got the inputs it needs (and no others). */
  #choose(engine: string | undefined, given: EngineInputs): ChosenEngine {
    const chosen = this.#find(engine);
    if (chosen.id === REFERENCE_ENGINE && given.references === 0) {
      throw new KintsugiError('E_INVALID_ARGUMENT', 'The reference engine needs at least one colour photo to take the colours from');
    }
    if (chosen.id !== REFERENCE_ENGINE && given.references > 0) {
      throw new KintsugiError('E_INVALID_ARGUMENT', `Reference photos are for the reference engine; ${chosen.id} colorizes without them`);
    }
    if (chosen.id === HINTS_ENGINE && !given.hints) {
      throw new KintsugiError('E_INVALID_ARGUMENT', 'The hints engine needs colour hints: drop colour points or scribbles on the photo, or pick a preset');
    }
    if (chosen.id !== HINTS_ENGINE && given.hints) {
      throw new KintsugiError('E_INVALID_ARGUMENT', `Colour hints are for the hints engine; ${chosen.id} colorizes without them`);
    }
    return chosen;
  }

  #find(engine: string | undefined): ChosenEngine {
    if (engine === undefined) {
      const model = defaultColorizeModel(this.#models, 'pick the reference engine and colour photos');
      return { id: modelEngineId(model.id), model };
    }
    if (engine === REFERENCE_ENGINE) return { id: REFERENCE_ENGINE };
    if (engine === HINTS_ENGINE) return { id: HINTS_ENGINE };
    const model = colorizeModelOf(engine, this.#models);
    return { id: modelEngineId(model.id), model };
  }

  #spec(engine: ChosenEngine, references: RgbImage[], hints: ColourHint[]): ColorizeEngineSpec {
    if ('model' in engine) return { kind: 'model', modelDir: this.#models.dir(engine.model.id), backend: this.#backend };
    if (engine.id === HINTS_ENGINE) return { kind: 'hints', hints };
    return { kind: 'reference', references, seed: REFERENCE_SEED };
  }
}

function decodeFiles(paths: readonly string[]): Promise<RgbImage[]> {
  return Promise.all(paths.map((path) => decodeRgb(path, basename(path))));
}
