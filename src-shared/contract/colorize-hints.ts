import { z } from 'zod';
import { channel } from './channel.js';
import { IdSchema } from './library.js';

export { hintsForSize } from '../colorize/hints-for-size.js';

/**
 * Colour hints for the hint-propagation colorizer (Levin et al. 2004): scribbles the user paints on a grey photo;
 * their colour spreads along luminance edges. A hint lives in the pixel coordinates of the image it was drawn on,
 * exactly as the Editor draws it (no rounding through normalised floats). A preset adds that image's size, so the
 * same hints can be mapped onto other photos of a batch with `hintsForSize` (stretching x and y independently, as
 * normalised coordinates would) while the radius stays a brush size in pixels of the photo it lands on.
 */

/** An sRGB colour as `#rrggbb`. Only its chroma is used: the photo keeps its own lightness. */
export const HexColourSchema = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour as #rrggbb');

/** A point in image pixels (0,0 = top-left corner of the top-left pixel); points outside the image are clipped. */
export const HintPointSchema = z.object({ x: z.number(), y: z.number() }).strict();

/** A scribble: a polyline painted with a round brush. One point is a dot. Later hints paint over earlier ones. */
export const ColourHintSchema = z
  .object({
    points: z.array(HintPointSchema).min(1).max(100_000),
    /** Brush radius in image pixels. */
    radius: z.number().positive().max(10_000),
    colour: HexColourSchema,
  })
  .strict();

export const ColourHintsSchema = z.array(ColourHintSchema).max(10_000);

/** Named hints with the size of the image they were drawn on, to apply to a batch of photos. */
export const HintPresetSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    hints: ColourHintsSchema,
  })
  .strict();

export type HintPoint = z.infer<typeof HintPointSchema>;
export type ColourHint = z.infer<typeof ColourHintSchema>;
export type HintPreset = z.infer<typeof HintPresetSchema>;

/** A saved preset as listed: without its hints, which can be long scribbles (`hints.presets.get` has them). */
export const HintPresetSummarySchema = z.object({
  id: IdSchema,
  name: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  hintCount: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const StoredHintPresetSchema = HintPresetSummarySchema.extend({ hints: ColourHintsSchema });

export const hintPresetChannels = {
  'hints.presets.list': channel({
    summary: 'Saved colour-hint presets, by name.',
    request: z.object({}).strict(),
    response: z.array(HintPresetSummarySchema),
  }),
  'hints.presets.get': channel({
    summary: 'One colour-hint preset with its hints (in the pixels of the image it was drawn on: place them with hintsForSize).',
    request: z.object({ id: IdSchema }).strict(),
    response: StoredHintPresetSchema,
  }),
  'hints.presets.save': channel({
    summary: 'Save colour hints as a named preset; a preset of the same name (ignoring case) is replaced and keeps its id.',
    request: HintPresetSchema.extend({ hints: ColourHintsSchema.min(1, 'A preset needs at least one colour hint') }).strict(),
    response: HintPresetSummarySchema,
  }),
  'hints.presets.remove': channel({
    summary: 'Delete a colour-hint preset (batch jobs that name it fail when they next start).',
    request: z.object({ id: IdSchema }).strict(),
    response: z.object({ removed: z.boolean() }),
  }),
} as const;

export type HintPresetSummary = z.infer<typeof HintPresetSummarySchema>;
export type StoredHintPreset = z.infer<typeof StoredHintPresetSchema>;
