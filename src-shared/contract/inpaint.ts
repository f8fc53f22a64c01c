import { z } from 'zod';
import { channel } from './channel.js';
import { PathSchema } from './files.js';
import { IdSchema } from './library.js';

export const InpaintModeSchema = z.enum(['fill', 'mosaic']);
/** Embedded engines; learned models join the same list under their model id. */
export const EngineIdSchema = z.string().min(1).max(100);

export const EngineInfoSchema = z.object({
  id: EngineIdSchema,
  name: z.string(),
  kind: z.enum(['embedded', 'model']),
  modes: z.array(InpaintModeSchema),
  description: z.string(),
});

export const ResultStatusSchema = z.enum(['pending', 'accepted']);

/** One version of an image: the output of an operation on a parent version (or on the original when null). */
export const ResultSchema = z.object({
  id: IdSchema,
  imageId: IdSchema,
  parentId: IdSchema.nullable(),
  operation: z.enum(['inpaint', 'colorize']),
  engine: EngineIdSchema,
  params: z.record(z.string(), z.unknown()),
  status: ResultStatusSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  createdAt: z.string(),
  /** Milliseconds the operation took. */
  durationMs: z.number().nonnegative(),
});

/** A client-chosen id for a long operation, so it can be cancelled and its progress events matched. */
export const JobIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

export const EXPORT_FORMATS = ['png', 'jpeg', 'webp', 'tiff'] as const;
export const ExportFormatSchema = z.enum(EXPORT_FORMATS);

export const inpaintChannels = {
  'inpaint.engines': channel({
    summary: 'Inpainting engines available now (embedded ones first).',
    request: z.object({}).strict(),
    response: z.array(EngineInfoSchema),
  }),
  'inpaint.run': channel({
    summary:
      "Inpaint the image's saved mask on a version (the original when resultId is omitted). Runs off the main thread with progress events; answers with a pending result to accept or discard.",
    request: z
      .object({
        jobId: JobIdSchema,
        imageId: IdSchema,
        /** Version to repair; omitted = the original. */
        resultId: IdSchema.optional(),
        engine: EngineIdSchema.default('patchmatch'),
        mode: InpaintModeSchema.default('fill'),
        seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
      })
      .strict(),
    response: ResultSchema,
  }),
  'jobs.cancel': channel({
    summary: 'Cancel a running operation; its call fails with E_CANCELLED.',
    request: z.object({ jobId: JobIdSchema }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  }),
  'results.list': channel({
    summary: "An image's versions, oldest first.",
    request: z.object({ imageId: IdSchema }).strict(),
    response: z.array(ResultSchema),
  }),
  'results.accept': channel({
    summary: 'Keep a pending result as a version in the history.',
    request: z.object({ id: IdSchema }).strict(),
    response: ResultSchema,
  }),
  'results.discard': channel({
    summary: 'Throw a pending result away (its file is deleted). Accepted versions are kept.',
    request: z.object({ id: IdSchema }).strict(),
    response: z.object({ discarded: z.boolean() }),
  }),
  'export.image': channel({
    summary: 'Write a version (or the original) to a file the user chose, keeping EXIF and ICC; temp name then rename.',
    request: z
      .object({
        imageId: IdSchema,
        resultId: IdSchema.optional(),
        path: PathSchema,
        format: ExportFormatSchema,
        /** 1–100 for jpeg/webp (and tiff's jpeg compression); ignored for png. */
        quality: z.number().int().min(1).max(100).default(92),
        overwrite: z.boolean().default(false),
      })
      .strict(),
    response: z.object({
      path: z.string(),
      bytes: z.number().int().nonnegative(),
      /** What the file lost against the original, e.g. "8-bit output: …", "first frame only: …" (shown with the result). */
      notes: z.array(z.string()),
    }),
  }),
} as const;

export const inpaintEvents = {
  'job.progress': z.object({
    jobId: JobIdSchema,
    /** 0–1. */
    fraction: z.number().min(0).max(1),
    stage: z.string(),
  }),
} as const;

export type EngineInfo = z.infer<typeof EngineInfoSchema>;
export type InpaintMode = z.infer<typeof InpaintModeSchema>;
export type Result = z.infer<typeof ResultSchema>;
export type ExportFormat = z.infer<typeof ExportFormatSchema>;
