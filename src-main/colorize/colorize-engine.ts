import { HINTS_ENGINE, parseModelEngineId, REFERENCE_ENGINE, type Model } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import type { ModelsService } from '../models/models-service.js';

/**
 * The reference engine's sampling seed, the same for the editor and batch jobs, so a photo with the same references
 * always gets the same colours.
 */
export const REFERENCE_SEED = 1;

/**
 * The default colorize model, for a colorize without an engine. E_NOT_FOUND when there is none; `otherwise` ends the
 * message with what the caller could give instead (its words for the reference engine).
 */
export function defaultColorizeModel(models: Pick<ModelsService, 'defaultFor'>, otherwise: string): Model {
  const model = models.defaultFor('colorize');
  if (!model) throw new KintsugiError('E_NOT_FOUND', `No colorize model: train one, or ${otherwise}`);
  return model;
}

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
