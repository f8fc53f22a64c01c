import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import packageJson from '../../package.json' with { type: 'json' };
import type { BackendPreference, MediaKind } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { ColorizeService } from '../colorize/colorize-service.js';
import { HintPresetsService } from '../colorize/hint-presets-service.js';
import { GenerateService } from '../generate/generate-service.js';
import { openDatabase } from '../library/db.js';
import { LibraryService } from '../library/library-service.js';
import { InpaintEngineCatalog } from '../inpaint/inpaint-engines.js';
import { InpaintService } from '../inpaint/inpaint-service.js';
import { ResultsService } from '../inpaint/results-service.js';
import { batchHandlers } from '../ipc/batch.js';
import { colorizeHandlers } from '../ipc/colorize.js';
import { hintPresetHandlers } from '../ipc/hint-presets.js';
import { filesBrowseHandlers } from '../ipc/files-browse.js';
import { generateHandlers } from '../ipc/generate.js';
import { inpaintHandlers } from '../ipc/inpaint.js';
import { libraryHandlers } from '../ipc/library.js';
import { masksHandlers } from '../ipc/masks.js';
import { modelsHandlers } from '../ipc/models.js';
import { systemHandlers } from '../ipc/system.js';
import { trainingHandlers } from '../ipc/training.js';
import { BatchService } from '../jobs/batch/batch-service.js';
import { workerColorizers } from '../jobs/batch/worker-colorizer.js';
import { JobRegistry } from '../jobs/job-registry.js';
import { MasksService } from '../masks/masks-service.js';
import { ModelsService } from '../models/models-service.js';
import { shippedDefaultsDir } from './paths.js';
import { createRouter, type Router } from '../router/router.js';
import type { Handlers } from '../router/types.js';
import { RuntimeService } from '../runtime/runtime-service.js';
import { SpeedEstimator } from '../training/speed-estimate.js';
import { TrainingService } from '../training/training-service.js';

export type AppHost = 'electron' | 'server' | 'cli';

export interface AppOptions {
  dataDir: string;
  host: AppHost;
  /** Forces a backend for this process, over the saved setting (`--backend`). */
  backend?: BackendPreference;
  /** Handlers only one host can serve (native dialogs in Electron). */
  extraHandlers?: Handlers;
  log?: (line: string) => void;
  /** The desktop's language (Electron's app.getLocale()), reported to the renderer by system.info. */
  locale?: string;
  /** Folder of the default models that ship with Kintsugi (tests give their own); shippedDefaultsDir() by default. */
  shippedModels?: string;
}

export interface App {
  router: Router;
  library: LibraryService;
  runtime: RuntimeService;
  models: ModelsService;
  training: TrainingService;
  colorize: ColorizeService;
  generate: GenerateService;
  /** The inpainting engines, learned ones included (the CLI chooses through it). */
  inpaintEngines: InpaintEngineCatalog;
  media(kind: MediaKind, id: number): Promise<{ contentType: string; data: Buffer }>;
  dataDir: string;
  /**
   * Stop what runs and close the library: batch jobs pause where they stand, editor jobs are cancelled, training
   * processes checkpoint and pause, and only once nothing can write to it any more does the database close.
   */
  close(): Promise<ShutdownReport>;
}

/** What closing the app stopped, for the one line a host prints about it. */
export interface ShutdownReport {
  pausedBatchJobs: number[];
  cancelledJobs: number;
  pausedTrainingRuns: number;
}

/** Work still running after this long is left to the next start's recovery, as after a crash. */
const SHUTDOWN_GRACE_MS = 20_000;

export const APP_VERSION: string = packageJson.version;
export const LIBRARY_FILE = 'library.sqlite';

/** Compose the services for one host. Everything here is plain Node: the Electron shell, the server and the CLI share it. */
export async function createApp(opts: AppOptions): Promise<App> {
  mkdirSync(opts.dataDir, { recursive: true });
  const db = openDatabase(join(opts.dataDir, LIBRARY_FILE));
  const library = new LibraryService({ db, dataDir: opts.dataDir });
  const masks = new MasksService({ db, images: library });
  const results = new ResultsService({ db, dataDir: opts.dataDir, images: library });
  const jobs = new JobRegistry();
  const runtime = new RuntimeService(opts.backend ?? library.getSettings().backend);
  // Leftovers of a crash or of images removed while the app was older: no row, no file.
  await results.sweepOrphanFiles();
  const models = new ModelsService({ db, dataDir: opts.dataDir, ready: () => runtime.report() });
  await models.sweepOrphans();
  const shipped = opts.shippedModels ?? shippedDefaultsDir();
  if (shipped !== null) await models.syncShipped(shipped);
  const inpaintEngines = new InpaintEngineCatalog({ models, backend: runtime.preference });
  const inpaint = new InpaintService({ masks, results, jobs, engines: inpaintEngines });
  const hintPresets = new HintPresetsService(db);
  const colorize = new ColorizeService({ results, jobs, images: library, models, presets: hintPresets, backend: runtime.preference });
  const generate = new GenerateService({ dataDir: opts.dataDir, jobs, models, library, backend: runtime.preference });
  // Generated images that ended processes left unsaved.
  await generate.sweep();
  // Runs a quit or a crash left running become paused, resumable from their checkpoint.
  const training = new TrainingService({ db, dataDir: opts.dataDir, models, appVersion: APP_VERSION, ...(opts.log ? { log: opts.log } : {}) });
  const batch = new BatchService({ db, images: library, inpaintEngines, colorizers: workerColorizers({ models, presets: hintPresets, backend: runtime.preference }), ...(opts.log ? { log: opts.log } : {}) });
  // Jobs a crash or a quit left running become paused, offered for resume.
  await batch.recover();
  const sqliteVersion = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;

  const handlers: Handlers = {
    ...systemHandlers({
      appVersion: APP_VERSION,
      dataDir: opts.dataDir,
      capabilities: { nativeDialogs: opts.host === 'electron', browseFiles: opts.host === 'server' },
      ...(opts.locale ? { locale: opts.locale } : {}),
      versions: () => ({
        node: process.versions.node,
        ...(process.versions.electron ? { electron: process.versions.electron } : {}),
        sqlite: sqliteVersion,
        sharp: sharp.versions.sharp ?? 'unknown',
        libvips: sharp.versions.vips,
      }),
      backend: () => runtime.report(),
      settings: { get: () => library.getSettings(), update: (patch) => library.updateSettings(patch) },
    }),
    ...libraryHandlers(library, { afterRemove: () => results.sweepOrphanFiles() }),
    ...masksHandlers(masks),
    ...inpaintHandlers({ inpaint, results, jobs }),
    ...colorizeHandlers(colorize),
    ...hintPresetHandlers(hintPresets),
    ...modelsHandlers(models, { afterRemove: (id) => generate.release(id) }),
    ...trainingHandlers(training, new SpeedEstimator({ busy: () => training.list().some((run) => run.status === 'running') })),
    ...batchHandlers(batch),
    ...generateHandlers(generate),
    // Browsing the disk is the picker of browser mode only; the Electron renderer gets native dialogs instead.
    ...(opts.host === 'server' ? filesBrowseHandlers() : {}),
    ...opts.extraHandlers,
  };

  return {
    router: createRouter(handlers, opts.log),
    library,
    runtime,
    models,
    training,
    colorize,
    generate,
    inpaintEngines,
    // Versions are served by result id, the library's media by image id.
    media: (kind, id) => {
      if (kind === 'result') return results.media(id);
      if (kind === 'preview') return training.preview(id);
      if (kind === 'generated') return generate.media(id);
      if (kind === 'batch-input' || kind === 'batch-output') return batch.itemMedia(kind === 'batch-input' ? 'input' : 'output', id);
      return library.media(kind, id);
    },
    dataDir: opts.dataDir,
    close: async () => {
      const pausedTrainingRuns = training.close();
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        Promise.all([batch.close(), jobs.cancelAll()]),
        new Promise<null>((resolveLate) => (timer = setTimeout(() => resolveLate(null), SHUTDOWN_GRACE_MS))),
      ]);
      clearTimeout(timer);
      await Promise.all([colorize.close(), generate.close()]);
      // Work that did not stop in time still holds the database: closing it under that work would crash it.
      if (!drained) {
        opts.log?.(`work still running after ${SHUTDOWN_GRACE_MS / 1000} s; the next start settles it, as after a crash`);
        return { pausedBatchJobs: [], cancelledJobs: 0, pausedTrainingRuns };
      }
      db.close();
      const [pausedBatchJobs, cancelledJobs] = drained;
      return { pausedBatchJobs, cancelledJobs, pausedTrainingRuns };
    },
  };
}
