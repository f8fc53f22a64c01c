import { z } from 'zod';
import { channel } from './channel.js';
import { PathSchema } from './files.js';
import { ErrorCodeSchema } from './error-schema.js';

export const IdSchema = z.number().int().positive();

export const ProjectSchema = z.object({
  id: IdSchema,
  name: z.string(),
  createdAt: z.string(),
  imageCount: z.number().int().nonnegative(),
});

export const ImageSummarySchema = z.object({
  id: IdSchema,
  projectId: IdSchema,
  name: z.string(),
  /** Displayed (orientation-applied) size. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  format: z.string(),
  addedAt: z.string(),
});

export const ImageRecordSchema = ImageSummarySchema.extend({
  path: z.string(),
  sha256: z.string().length(64),
  bytes: z.number().int().nonnegative(),
  /** Bits per channel as stored (8 or 16). */
  bitDepth: z.number().int().positive(),
  channels: z.number().int().positive(),
  /** EXIF orientation tag 1–8 of the file (1 when absent); width/height already account for it. */
  orientation: z.number().int().min(1).max(8),
  hasIcc: z.boolean(),
});

/** An image as the editor opens it: its record, and whether its original is still where it was imported from. */
export const ImageDetailsSchema = ImageRecordSchema.extend({
  /** The original is not at `path` any more (moved, renamed, deleted, or on a drive that is not connected). */
  missing: z.boolean(),
});

export const ImportFailureSchema = z.object({
  path: z.string(),
  code: ErrorCodeSchema,
  message: z.string(),
});

export const ImportDuplicateSchema = z.object({
  path: z.string(),
  existingId: IdSchema,
});

/** A file inside an imported folder that is not an image type: listed so the user sees it, not treated as an error. */
export const ImportSkipSchema = z.object({
  path: z.string(),
  reason: z.string(),
});

export const ImportSummarySchema = z.object({
  imported: z.array(ImageSummarySchema),
  duplicates: z.array(ImportDuplicateSchema),
  failed: z.array(ImportFailureSchema),
  skipped: z.array(ImportSkipSchema),
});

/** Bytes of a dropped file, for hosts where the renderer cannot see paths (browser mode). */
export const UploadedFileSchema = z.object({
  name: z.string().min(1).max(255),
  bytes: z.instanceof(Uint8Array),
});

export const libraryChannels = {
  'projects.list': channel({
    summary: 'All projects with their image counts.',
    request: z.object({}).strict(),
    response: z.array(ProjectSchema),
  }),
  'projects.create': channel({
    summary: 'Create a project.',
    request: z.object({ name: z.string().trim().min(1).max(200) }).strict(),
    response: ProjectSchema,
  }),
  'library.import': channel({
    summary: 'Import files and folders (recursive) the user chose; broken files are reported, never abort the import.',
    request: z
      .object({
        paths: z.array(PathSchema).min(1).max(10_000),
        projectId: IdSchema.optional(),
      })
      .strict(),
    response: ImportSummarySchema,
  }),
  'library.importUploads': channel({
    summary: 'Import dropped files sent as bytes; they are stored in the data folder.',
    request: z
      .object({
        files: z.array(UploadedFileSchema).min(1).max(1000),
        projectId: IdSchema.optional(),
      })
      .strict(),
    response: ImportSummarySchema,
  }),
  'library.list': channel({
    summary: 'A page of images, newest first, optionally filtered by name.',
    request: z
      .object({
        projectId: IdSchema.optional(),
        query: z.string().max(200).optional(),
        offset: z.number().int().nonnegative().default(0),
        limit: z.number().int().min(1).max(5000).default(500),
      })
      .strict(),
    response: z.object({ total: z.number().int().nonnegative(), items: z.array(ImageSummarySchema) }),
  }),
  'library.get': channel({
    summary: 'One image with its file details, and whether its original is missing.',
    request: z.object({ id: IdSchema }).strict(),
    response: ImageDetailsSchema,
  }),
  'library.locate': channel({
    summary: 'Point a missing original at where the file is now; it must be the same photo (same contents).',
    request: z.object({ id: IdSchema, path: PathSchema }).strict(),
    response: ImageDetailsSchema,
  }),
  'library.remove': channel({
    summary: 'Remove an image from the library (the file on disk is never touched).',
    request: z.object({ id: IdSchema }).strict(),
    response: z.object({ removed: z.boolean() }),
  }),
} as const;

export const libraryEvents = {
  'library.importProgress': z.object({
    done: z.number().int().nonnegative(),
    total: z.number().int().nonnegative(),
    current: z.string(),
  }),
  'library.changed': z.object({ projectId: IdSchema.nullable() }),
} as const;

export type Project = z.infer<typeof ProjectSchema>;
export type ImageSummary = z.infer<typeof ImageSummarySchema>;
export type ImageRecord = z.infer<typeof ImageRecordSchema>;
export type ImageDetails = z.infer<typeof ImageDetailsSchema>;
export type ImportSummary = z.infer<typeof ImportSummarySchema>;
export type UploadedFile = z.infer<typeof UploadedFileSchema>;
