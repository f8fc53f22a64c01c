import { z } from 'zod';
import { channel } from './channel.js';
import { JobIdSchema } from './inpaint.js';
import { IdSchema, ImportSummarySchema } from './library.js';
import { MAX_GENERATE_COUNT, MAX_GENERATE_SEED, MAX_INTERPOLATION_FRAMES, MIN_INTERPOLATION_FRAMES } from '../models/generate-limits.js';

export { MAX_GENERATE_COUNT, MAX_GENERATE_SEED } from '../models/generate-limits.js';

export const SeedSchema = z.number().int().min(0).max(MAX_GENERATE_SEED);
/** Position of a sample in its seed's sequence: sample (seed, index) is the same image whatever the count asked. */
export const SampleIndexSchema = z.number().int().min(0).max(MAX_GENERATE_COUNT - 1);

/** One generated image, kept in a temporary folder until saved; its pixels are the media `generated/<id>`. */
export const GeneratedImageSchema = z.object({
  id: IdSchema,
  modelId: IdSchema,
  seed: SeedSchema,
  /** Index of the latent vector in its seed's sequence (samples); for interpolation frames, the frame's number. */
  index: z.number().int().nonnegative(),
  /** For interpolation frames: position from the first end (0) to the second (1); null for samples. */
  t: z.number().min(0).max(1).nullable(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** File name it is saved to the library under (seed and index in it). */
  name: z.string(),
});

export const generateChannels = {
  'generate.sample': channel({
    summary:
      'Generate `count` images from a GAN model; sample (seed, index) is always the same image. Progress goes out as `job.progress` events; `jobs.cancel` stops it.',
    request: z
      .object({
        jobId: JobIdSchema,
        modelId: IdSchema,
        count: z.number().int().min(1).max(MAX_GENERATE_COUNT),
        seed: SeedSchema,
      })
      .strict(),
    response: z.array(GeneratedImageSchema),
  }),
  'generate.interpolate': channel({
    summary:
      'A strip of frames walking the latent space between two samples (spherical interpolation), ends included; progress and cancel as for `generate.sample`.',
    request: z
      .object({
        jobId: JobIdSchema,
        modelId: IdSchema,
        seedA: SeedSchema,
        seedB: SeedSchema,
        /** Which sample of each seed the strip starts and ends on (a grid pick); 0 = the seed's first. */
        indexA: SampleIndexSchema.default(0),
        indexB: SampleIndexSchema.default(0),
        frames: z.number().int().min(MIN_INTERPOLATION_FRAMES).max(MAX_INTERPOLATION_FRAMES),
      })
      .strict(),
    response: z.array(GeneratedImageSchema),
  }),
  'generate.save': channel({
    summary: 'Add generated images to the library as PNG files in the data folder.',
    request: z
      .object({
        ids: z.array(IdSchema).min(1).max(MAX_GENERATE_COUNT),
        projectId: IdSchema.optional(),
      })
      .strict(),
    response: ImportSummarySchema,
  }),
} as const;

export type GeneratedImage = z.infer<typeof GeneratedImageSchema>;
