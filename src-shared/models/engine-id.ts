/**
 * Engine ids of learned models, kept free of zod so the renderer can use them without bundling the schemas
 * (`contract/colorize.ts` re-exports them).
 */

/** Engine id of a learned model: `model-<model id>`, in the same list as the embedded engines. */
export function modelEngineId(modelId: number): string {
  return `model-${modelId}`;
}

export function parseModelEngineId(engine: string): number | null {
  const m = /^model-(\d{1,15})$/.exec(engine);
  return m ? Number(m[1]) : null;
}
