import { z } from 'zod';
import { channel } from './channel.js';
import { PathSchema } from './files.js';
import { IdSchema } from './library.js';

/**
 * A mask travels as a PNG at the image's full (displayed, orientation-applied) resolution: one 8-bit grey channel,
 * 255 = hole, 0 = keep. PNG keeps 24-megapixel masks small on the wire (they are mostly flat).
 */
export const MaskPngSchema = z.instanceof(Uint8Array);

/** Where an imported mask comes from: a file the user chose, or dropped bytes. */
export const MaskSourceSchema = z.union([
  z.object({ path: PathSchema }).strict(),
  z.object({ bytes: z.instanceof(Uint8Array), name: z.string().max(255) }).strict(),
]);

export const MaskInfoSchema = z.object({
  imageId: IdSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Fraction of pixels that are holes, 0–1. */
  coverage: z.number().min(0).max(1),
});

export const masksChannels = {
  'masks.get': channel({
    summary: "The image's saved mask as a PNG, or null when it has none.",
    request: z.object({ imageId: IdSchema }).strict(),
    response: z.object({ png: MaskPngSchema.nullable(), info: MaskInfoSchema.nullable() }),
  }),
  'masks.save': channel({
    summary: "Save the image's mask (PNG of exactly the image's size; any non-zero grey counts as hole).",
    request: z.object({ imageId: IdSchema, png: MaskPngSchema }).strict(),
    response: MaskInfoSchema,
  }),
  'masks.clear': channel({
    summary: "Delete the image's saved mask.",
    request: z.object({ imageId: IdSchema }).strict(),
    response: z.object({ cleared: z.boolean() }),
  }),
  'masks.import': channel({
    summary:
      'Read a mask for an image: a mask PNG (white = hole) or a green-painted copy (pure #00FF00 = hole, DeepCreamPy style, with an optional tolerance for JPEG-damaged green). Returns it as a mask PNG; nothing is saved.',
    request: z
      .object({
        imageId: IdSchema,
        source: MaskSourceSchema,
        kind: z.enum(['mask', 'green']),
        /** Max per-channel distance from (0,255,0) for `green`; 0 = exact. */
        tolerance: z.number().int().min(0).max(128).default(0),
      })
      .strict(),
    response: z.object({ png: MaskPngSchema, info: MaskInfoSchema }),
  }),
} as const;

export type MaskInfo = z.infer<typeof MaskInfoSchema>;
export type MaskSource = z.infer<typeof MaskSourceSchema>;
