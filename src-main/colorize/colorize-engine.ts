import { parseModelEngineId, type Model } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import type { ModelsService } from '../models/models-service.js';

/** The embedded colorization engine: colour transfer from reference photos (needs no model). */
export const REFERENCE_ENGINE = 'reference';
/** The embedded engine that spreads the user's colour points and scribbles along the photo's edges. */
export const HINTS_ENGINE = 'hints';

/**
 * The colorize model a `model-<id>` engine id names. E_NOT_FOUND for an engine id that is neither, or a model the
 * library does not have; E_BAD_MODEL for a model of another kind.
 */
export function colorizeModelOf(engine: string, models: Pick<ModelsService, 'get'>): Model {
  const id = parseModelEngineId(engine);
  if (id === null) throw new KintsugiError('E_NOT_FOUND', `No colorization engine "${engine}": use ${REFERENCE_ENGINE}, ${HINTS_ENGINE} or model-<id>`, { id: engine });
  const model = models.get(id);
  if (model.kind !== 'colorize') throw new KintsugiError('E_BAD_MODEL', `Model ${id} (${model.name}) is a ${model.kind} model, not a colorizer`);
  return model;
}
