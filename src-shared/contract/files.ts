import { z } from 'zod';
import { channel } from './channel.js';

/** Absolute or relative filesystem path as the user chose it; resolved and checked in main. */
export const PathSchema = z.string().min(1).max(4096);

export const DirectoryEntrySchema = z.object({
  name: z.string(),
  path: z.string(),
  kind: z.enum(['dir', 'file']),
  /** Bytes, files only. */
  size: z.number().int().nonnegative().optional(),
  /** True when the extension is one the importer understands (for the picker's filter). */
  image: z.boolean(),
});

export const DirectoryListingSchema = z.object({
  path: z.string(),
  parent: z.string().nullable(),
  entries: z.array(DirectoryEntrySchema),
});

export const filesChannels = {
  'files.pick': channel({
    summary: 'Native open dialog (desktop only). Chosen paths become readable by the app.',
    request: z
      .object({
        kind: z.enum(['files', 'folder']),
        title: z.string().max(200).optional(),
        /** Files: what the dialog offers first (images when omitted; `models` = `.kintsugi-model` archives). */
        filter: z.enum(['images', 'models']).optional(),
      })
      .strict(),
    response: z.object({ paths: z.array(PathSchema) }),
  }),
  'files.pickSave': channel({
    summary: 'Native save dialog (desktop only). The chosen path becomes writable by the app; null when cancelled.',
    request: z
      .object({
        /** Suggested folder and file name. */
        defaultPath: PathSchema,
        title: z.string().max(200).optional(),
      })
      .strict(),
    response: z.object({ path: PathSchema.nullable() }),
  }),
  'files.browse': channel({
    summary: "List a folder of the host's disk for the in-app picker (browser mode only).",
    request: z.object({ path: PathSchema.optional() }).strict(),
    response: DirectoryListingSchema,
  }),
} as const;

export type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;
export type DirectoryListing = z.infer<typeof DirectoryListingSchema>;
