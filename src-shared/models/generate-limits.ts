/** Limits of generation, kept free of zod so the renderer can use them without bundling the schemas (`contract/generate.ts` re-exports them). */

/** The most images one `generate.sample` makes (a grid a screen shows at once; bounds memory and time). */
export const MAX_GENERATE_COUNT = 64;
/** Frames of one interpolation strip, both ends included. */
export const MIN_INTERPOLATION_FRAMES = 2;
export const MAX_INTERPOLATION_FRAMES = 32;
/** Seeds are 32-bit unsigned: the state of the seeded RNG latent vectors are drawn from. */
export const MAX_GENERATE_SEED = 2 ** 32 - 1;
