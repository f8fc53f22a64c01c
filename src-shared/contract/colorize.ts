import { z } from 'zod';
import { channel } from './channel.js';
import { ColourHintsSchema } from './colorize-hints.js';
import { EngineIdSchema, EngineInfoSchema, JobIdSchema, ResultSchema } from './inpaint.js';
import { IdSchema } from './library.js';
import { MAX_REFERENCES } from '../models/engine-id.js';

export { HINTS_ENGINE, modelEngineId, parseModelEngineId, REFERENCE_ENGINE } from '../models/engine-id.js';

export const colorizeChannels = {
  'colorize.engines': channel({
    summary: 'Colorization engines available now: embedded ones first, then trained colorize models (`model-<id>`).',
    request: z.object({}).strict(),
    response: z.array(EngineInfoSchema),
  }),
  'colorize.run': channel({
    summary:
      'Colorize a version (the original when resultId is omitted) off the main thread, keeping its full-resolution luminance; answers with a pending result.',
    request: z
      .object({
        jobId: JobIdSchema,
        imageId: IdSchema,
        resultId: IdSchema.optional(),
        /**
         * `reference` (needs referenceImageIds), `hints` (needs hints) or `model-<id>`; omitted = the default colorize
         * model.
         */
        engine: EngineIdSchema.optional(),
        /** Library images whose colours the `reference` engine transfers. */
        referenceImageIds: z.array(IdSchema).max(MAX_REFERENCES).optional(),
        /** Colour points and scribbles for the `hints` engine, in pixels of the version colorized. */
        hints: ColourHintsSchema.optional(),
      })
      .strict(),
    response: ResultSchema,
  }),
} as const;
