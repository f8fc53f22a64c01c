import { z } from 'zod';
import { channel } from './channel.js';
import { EngineIdSchema, EngineInfoSchema, JobIdSchema, ResultSchema } from './inpaint.js';
import { IdSchema } from './library.js';

/** Engine id of a learned model: `model-<model id>`, in the same list as the embedded engines. */
export function modelEngineId(modelId: number): string {
  return `model-${modelId}`;
}

export function parseModelEngineId(engine: string): number | null {
  const m = /^model-(\d{1,15})$/.exec(engine);
  return m ? Number(m[1]) : null;
}

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
        /** `reference` (needs referenceImageIds) or `model-<id>`; omitted = the default colorize model. */
        engine: EngineIdSchema.optional(),
        /** Library images whose colours the `reference` engine transfers. */
        referenceImageIds: z.array(IdSchema).max(16).optional(),
      })
      .strict(),
    response: ResultSchema,
  }),
} as const;
