/**
 * Colorization engine ids and limits, kept free of zod so the renderer can use them without bundling the schemas
 * (`contract/colorize.ts` re-exports them).
 */

/** The embedded colorization engine that transfers the colours of reference photos (needs no model). */
export const REFERENCE_ENGINE = 'reference';
/** The embedded engine that spreads the user's colour points and scribbles along the photo's edges. */
export const HINTS_ENGINE = 'hints';
/** The most reference photos one colorize run (or batch job: files and library images together) takes. */
export const MAX_REFERENCES = 16;

/** Engine id of a learned model: `model-<model id>`, in the same list as the embedded engines. */
export function modelEngineId(modelId: number): string {
  return `model-${modelId}`;
}

export function parseModelEngineId(engine: string): number | null {
  const m = /^model-(\d{1,15})$/.exec(engine);
  return m ? Number(m[1]) : null;
}
