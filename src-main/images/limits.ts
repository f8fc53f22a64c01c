/** Largest image (width × height, as stored) the app decodes: 268 megapixels, about 1 GiB as 8-bit RGBA. */
export const MAX_PIXELS = 16384 * 16384;
