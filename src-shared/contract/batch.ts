import { z } from 'zod';
import { channel } from './channel.js';
import { ErrorCodeSchema } from './error-schema.js';
import { PathSchema } from './files.js';
import { EngineIdSchema, EXPORT_FORMATS, InpaintModeSchema } from './inpaint.js';
import { IdSchema } from './library.js';
import { MAX_REFERENCES } from '../models/engine-id.js';

/**
 * Batch jobs (issue 5): colorize or repair a whole folder (or a selection of library images) into an output folder,
 * persisted in the library so a job survives a crash or restart and resumes without redoing or losing a file.
 * Channels are `batch.*` (`jobs.cancel` is the single-operation cancel of `inpaint.ts`). One job runs at a time, one
 * file at a time, off the main thread; a job created while another runs waits as `queued`.
 */

export const BATCH_KINDS = ['colorize', 'inpaint'] as const;
export const BatchKindSchema = z.enum(BATCH_KINDS);

/**
 * queued: waiting for the running job; running; paused (by the user, by an error the user can fix such as an
 * unwritable output folder, or because the app stopped mid-job: see `pauseReason`); completed: every file is done,
 * skipped or failed; cancelled: stopped for good (its pending files stay pending); failed: the job as a whole could
 * not run (e.g. its model is gone), see `error`.
 */
export const BATCH_STATUSES = ['queued', 'running', 'paused', 'completed', 'cancelled', 'failed'] as const;
export const BatchStatusSchema = z.enum(BATCH_STATUSES);

export const BATCH_ITEM_STATUSES = ['pending', 'running', 'done', 'failed', 'skipped'] as const;
export const BatchItemStatusSchema = z.enum(BATCH_ITEM_STATUSES);

export const BatchPauseReasonSchema = z.enum(['user', 'error', 'interrupted']);

/**
 * Tokens of an output name pattern (the extension is added after it):
 * - `{name}`: the input's file name without its extension (`IMG_001` for `IMG_001.JPG`);
 * - `{ext}`: the input's extension without the dot, lower case (`jpg`);
 * - `{index}`: the file's position in the job, from 1, zero-padded to 4 digits (`0007`);
 * - `{engine}`: the job's engine id (`reference`, `patchmatch`, `model-3`).
 * Outputs keep the input's subfolder (the output folder mirrors the input tree). When two inputs would still get the
 * same output name (`a.jpg` and `a.png` written as PNG), the later one gets ` (2)`, ` (3)`, … before its extension.
 */
export const NAME_PATTERN_TOKENS = ['{name}', '{ext}', '{index}', '{engine}'] as const;

export const NamePatternSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((p) => !/[/\\:*?"<>|\u0000-\u001f]/.test(p), 'The name pattern may not contain / \\ : * ? " < > | or control characters')
  .refine((p) => !p.startsWith('.'), 'The name pattern may not start with a dot (hidden files)')
  .refine((p) => (p.match(/\{[^}]*\}/g) ?? []).every((t) => (NAME_PATTERN_TOKENS as readonly string[]).includes(t)), {
    message: `Unknown token in the name pattern; use ${NAME_PATTERN_TOKENS.join(' ')}`,
  })
  .refine((p) => p.includes('{name}') || p.includes('{index}'), 'The name pattern needs {name} or {index}, or every file would get the same name');

/** Where the files come from. */
export const BatchInputSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('folder'),
      folder: PathSchema,
      /** Also the files in its subfolders (hidden files and folders are always left out). */
      recursive: z.boolean().default(false),
      /**
       * Only files whose path relative to the folder matches, case-insensitively (`*.jpg`, `scans/**`, `*.{jpg,png}`).
       * A pattern without `/` is matched against the file name alone. Files whose extension is not an image type are
       * never inputs.
       */
      glob: z.string().trim().min(1).max(200).optional(),
    })
    .strict(),
  z.object({ type: z.literal('images'), imageIds: z.array(IdSchema).min(1).max(100_000) }).strict(),
]);

/** `same`: the input's own format where it can be written (PNG, JPEG, WebP, TIFF), else PNG. */
export const BATCH_FORMATS = ['same', ...EXPORT_FORMATS] as const;
export const BatchFormatSchema = z.enum(BATCH_FORMATS);

/** Where and how results are written. EXIF and the ICC profile of each input are kept; inputs are never modified. */
export const BatchOutputSchema = z
  .object({
    folder: PathSchema,
    namePattern: NamePatternSchema.default('{name}'),
    format: BatchFormatSchema.default('same'),
    /** 1–100 for JPEG and WebP; PNG and TIFF are lossless. */
    quality: z.number().int().min(1).max(100).default(92),
    /** What to do when the output file exists already: leave it (the file is `skipped`) or replace it. */
    existing: z.enum(['skip', 'overwrite']).default('skip'),
  })
  .strict();

export const ColorizeBatchOperationSchema = z
  .object({
    kind: z.literal('colorize'),
    /** `reference` (needs reference photos), `hints` (needs a hint preset) or `model-<id>` (a trained colorize model). */
    engine: EngineIdSchema,
    /** Colour photos whose palette the `reference` engine transfers: files… */
    referencePaths: z.array(PathSchema).max(MAX_REFERENCES).default([]),
    /** …and/or library images. */
    referenceImageIds: z.array(IdSchema).max(MAX_REFERENCES).default([]),
    /** For `hints`: a colour-hint preset saved in the Editor (`hints.presets.*`), placed on each photo at the same relative spots. */
    hintsPresetId: IdSchema.optional(),
    /** An input that already has colour: `skip` it, or colorize its `luminance` (its own colours are replaced). */
    alreadyColour: z.enum(['skip', 'luminance']).default('skip'),
  })
  .strict();

export const InpaintBatchOperationSchema = z
  .object({
    kind: z.literal('inpaint'),
    /**
     * The masks, matched to each input by name: `<masks>/<same subfolder>/<same name stem>.*` first, then
     * `<masks>/<stem>.*`; a PNG wins over other types of the same stem. An input without a mask fails (E_NOT_FOUND).
     */
    masksFolder: PathSchema,
    /** `mask`: white = hole; `green`: copies of the photos painted pure green (#00FF00) where they need repair. */
    maskKind: z.enum(['mask', 'green']).default('mask'),
    /** For `green`: how far from pure green still counts, per channel (0 = exact; ~40 for JPEG copies). */
    tolerance: z.number().int().min(0).max(128).default(0),
    engine: EngineIdSchema.default('patchmatch'),
    mode: InpaintModeSchema.default('fill'),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  })
  .strict();

export const BatchOperationSchema = z.discriminatedUnion('kind', [ColorizeBatchOperationSchema, InpaintBatchOperationSchema]);

/** Everything a job is made from; stored with the job, and (normalised) what identifies it for `resumeMatching`. */
export const BatchParamsSchema = z
  .object({
    input: BatchInputSchema,
    output: BatchOutputSchema,
    operation: BatchOperationSchema,
  })
  .strict();

export const BatchCountsSchema = z.object({
  total: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
  running: z.number().int().nonnegative(),
  done: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
});

export const BatchErrorSchema = z.object({ code: ErrorCodeSchema, message: z.string() });

export const BatchJobSchema = z.object({
  id: IdSchema,
  name: z.string(),
  kind: BatchKindSchema,
  status: BatchStatusSchema,
  /** Why a paused job is paused (null otherwise): offer Resume for all three. */
  pauseReason: BatchPauseReasonSchema.nullable(),
  /** The error that paused (`pauseReason: 'error'`) or failed the job; null otherwise. */
  error: BatchErrorSchema.nullable(),
  params: BatchParamsSchema,
  counts: BatchCountsSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When it last started running (null = never ran). */
  startedAt: z.string().nullable(),
  /** When it completed, was cancelled or failed (null while it can still run). */
  finishedAt: z.string().nullable(),
});

/** One input file of a job. Fetch its pictures as media `batch-input/<id>` and, once done, `batch-output/<id>`. */
export const BatchItemSchema = z.object({
  id: IdSchema,
  jobId: IdSchema,
  /** Position in the job, from 1 (the order files are processed in). */
  index: z.number().int().positive(),
  /** Path relative to the input folder, `/`-separated (the file name for library images). */
  relativePath: z.string(),
  inputPath: z.string(),
  /** The library image it came from (inputs of type `images`). */
  imageId: IdSchema.nullable(),
  /** Planned when the job was created; the file exists once the item is `done`. */
  outputPath: z.string(),
  status: BatchItemStatusSchema,
  /**
   * Failed: an error code (E_BAD_IMAGE, E_IMAGE_TOO_LARGE, E_NOT_FOUND, …). Skipped: `output-exists` or
   * `already-colour`. Null otherwise.
   */
  code: z.string().nullable(),
  /** A sentence for the user: why a file failed or was skipped, or what a done file's output lost (8 of 16 bits, one frame of many). */
  reason: z.string().nullable(),
  /** Processing time of a finished item. */
  durationMs: z.number().nonnegative().nullable(),
  finishedAt: z.string().nullable(),
});

const JobRef = z.object({ jobId: IdSchema }).strict();

export const batchChannels = {
  'batch.create': channel({
    summary:
      'Create a batch job from a folder or library images and start it (queued behind a running one). With resumeMatching, an unfinished job with the same parameters is resumed instead (new files in its folder are added, failed ones retried).',
    request: BatchParamsSchema.extend({
      /** Shown in the job list; default: the input folder's name (or "N images") and the operation. */
      name: z.string().trim().min(1).max(200).optional(),
      resumeMatching: z.boolean().default(false),
    }).strict(),
    response: z.object({ job: BatchJobSchema, resumed: z.boolean() }),
  }),
  'batch.list': channel({
    summary: 'Every batch job, newest first, with its counts.',
    request: z.object({}).strict(),
    response: z.array(BatchJobSchema),
  }),
  'batch.get': channel({
    summary: 'One batch job.',
    request: JobRef,
    response: BatchJobSchema,
  }),
  'batch.items': channel({
    summary: "A page of a job's files in processing order, optionally only those of some statuses.",
    request: z
      .object({
        jobId: IdSchema,
        statuses: z.array(BatchItemStatusSchema).min(1).optional(),
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      })
      .strict(),
    response: z.object({ total: z.number().int().nonnegative(), items: z.array(BatchItemSchema) }),
  }),
  'batch.pause': channel({
    summary: 'Pause a running or queued job; the file in progress goes back to pending. Answers once it has stopped.',
    request: JobRef,
    response: BatchJobSchema,
  }),
  'batch.resume': channel({
    summary: 'Resume a paused (or failed) job where it stopped; finished files are never redone.',
    request: JobRef,
    response: BatchJobSchema,
  }),
  'batch.cancel': channel({
    summary: 'Stop a job for good (its remaining files stay pending and it cannot resume). Answers once it has stopped.',
    request: JobRef,
    response: BatchJobSchema,
  }),
  'batch.retryFailed': channel({
    summary: "Put a job's failed files back to pending and run the job again.",
    request: JobRef,
    response: BatchJobSchema,
  }),
  'batch.remove': channel({
    summary: 'Delete a job that is not running or queued, with its file list (output files stay on disk).',
    request: JobRef,
    response: z.object({ removed: z.boolean() }),
  }),
  'batch.exportLog': channel({
    summary: "Write a job's failed and skipped files with their codes and reasons to a file, as CSV or JSON (temp name, then rename).",
    request: z
      .object({
        jobId: IdSchema,
        path: PathSchema,
        format: z.enum(['csv', 'json']),
        overwrite: z.boolean().default(false),
      })
      .strict(),
    response: z.object({ path: z.string(), bytes: z.number().int().nonnegative(), entries: z.number().int().nonnegative() }),
  }),
} as const;

export const batchEvents = {
  /** At start, after every file, and a few times a second while a file is in progress. */
  'batch.progress': z.object({
    jobId: IdSchema,
    status: BatchStatusSchema,
    counts: BatchCountsSchema,
    /** Over the recent files of this run; null until a file has finished. */
    imagesPerMinute: z.number().nonnegative().nullable(),
    etaSeconds: z.number().nonnegative().nullable(),
    /** The file in progress. */
    current: z
      .object({ itemId: IdSchema, relativePath: z.string(), fraction: z.number().min(0).max(1), stage: z.string() })
      .nullable(),
  }),
  /** A file finished (done, failed or skipped): the gallery can show `batch-input/<id>` / `batch-output/<id>` now. */
  'batch.itemFinished': BatchItemSchema,
  /** A job was created or its status changed (started, paused, resumed, completed, cancelled, failed). */
  'batch.changed': BatchJobSchema,
} as const;

export type BatchKind = z.infer<typeof BatchKindSchema>;
export type BatchStatus = z.infer<typeof BatchStatusSchema>;
export type BatchItemStatus = z.infer<typeof BatchItemStatusSchema>;
export type BatchPauseReason = z.infer<typeof BatchPauseReasonSchema>;
export type BatchInput = z.output<typeof BatchInputSchema>;
export type BatchFormat = z.infer<typeof BatchFormatSchema>;
export type BatchOutput = z.output<typeof BatchOutputSchema>;
export type ColorizeBatchOperation = z.output<typeof ColorizeBatchOperationSchema>;
export type InpaintBatchOperation = z.output<typeof InpaintBatchOperationSchema>;
export type BatchParams = z.output<typeof BatchParamsSchema>;
export type BatchParamsInput = z.input<typeof BatchParamsSchema>;
export type BatchCounts = z.infer<typeof BatchCountsSchema>;
export type BatchError = z.infer<typeof BatchErrorSchema>;
export type BatchJob = z.infer<typeof BatchJobSchema>;
export type BatchItem = z.infer<typeof BatchItemSchema>;
export type BatchProgress = z.infer<(typeof batchEvents)['batch.progress']>;
