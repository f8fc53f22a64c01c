import { z } from 'zod';
import { InpaintModeSchema } from '../contract/inpaint.js';
import { ModelKindSchema, ModelMetricsSchema, ProvenanceSchema } from '../contract/models.js';

/**
 * `kintsugi.json`, the manifest beside a model's tfjs `model.json` and weight shards (DESIGN §6). It is what import
 * validates, so a file made by a newer, incompatible Kintsugi is refused instead of producing garbage.
 */
export const MANIFEST_FILE = 'kintsugi.json';
export const MODEL_FILE = 'model.json';
export const MODEL_ARCHIVE_EXTENSION = '.kintsugi-model';
/** Bumped when a change to the layout or the pre/post-processing would make older readers misuse a model. */
export const MANIFEST_FORMAT_VERSION = 1;

/**
 * How the model's tensors map to pixels, so inference needs nothing but the manifest. Told apart by `input`, which
 * differs for every member (two share the colour space rgb, which zod refuses as a discriminator).
 */
export const ModelIoSchema = z.discriminatedUnion('input', [
  /** Colorize: input L/50 − 1 in [−1, 1], shape [1, s, s, 1]; output ab/128 in [−1, 1], shape [1, s, s, 2]. */
  z.object({ colorSpace: z.literal('lab'), input: z.literal('L'), output: z.literal('ab') }),
  /**
   * Inpaint: RGB/127.5 − 1 with the hole blanked (mode `fill`) or holding the mosaic it was trained to undo (mode
   * `mosaic`), plus the mask; output RGB in [−1, 1].
   */
  z.object({ colorSpace: z.literal('rgb'), input: z.literal('rgb+mask'), output: z.literal('rgb'), mode: InpaintModeSchema.default('fill') }),
  /** GAN: a latent vector in, RGB in [−1, 1] out. */
  z.object({ colorSpace: z.literal('rgb'), input: z.literal('latent'), output: z.literal('rgb'), latentSize: z.number().int().positive() }),
]);

export const ModelManifestSchema = z.object({
  format: z.literal('kintsugi-model'),
  formatVersion: z.number().int().positive(),
  kind: ModelKindSchema,
  /** Architecture id, e.g. `pix2pix-unet`; a reader refuses an arch it does not know. */
  arch: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  /** Square working size in pixels. */
  inputSize: z.number().int().min(16).max(2048),
  io: ModelIoSchema,
  parameters: z.number().int().nonnegative(),
  metrics: ModelMetricsSchema,
  provenance: ProvenanceSchema.nullable(),
  appVersion: z.string(),
  createdAt: z.string(),
});

export type ModelIo = z.infer<typeof ModelIoSchema>;
export type ModelManifest = z.infer<typeof ModelManifestSchema>;
