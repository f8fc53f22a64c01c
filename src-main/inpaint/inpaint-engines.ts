import type { BackendPreference, EngineInfo, InpaintMode } from '../../src-shared/contract/index.js';
import { modelEngineId, parseModelEngineId } from '../../src-shared/models/engine-id.js';
import { KintsugiError } from '../../src-shared/errors.js';
import type { LearnedInpaintSpec } from '../../src-shared/workers/inpaint-messages.js';
import { modelInpaintInfo } from '../engines/inpaint/model-inpainter.js';
import { embeddedEngines, findEngine } from '../engines/inpaint/registry.js';
import { readManifest } from '../models/model-folder.js';
import type { ModelsService } from '../models/models-service.js';

/** What the engine list needs of the model library. */
export type InpaintModels = Pick<ModelsService, 'list' | 'get' | 'dir'>;

/** An engine checked against the library and the mode asked for; `model` is set for a learned one. */
export interface InpaintEngineChoice {
  info: EngineInfo;
  model?: LearnedInpaintSpec;
}

export interface InpaintEngineCatalogOptions {
  /** The model library; without it only the embedded engines exist (tools that open no library). */
  models?: InpaintModels | undefined;
  /** The backend worker threads select for a learned engine (tfjs backends are per thread). */
  backend: BackendPreference;
}

/**
 * The inpainting engines the Editor, batch jobs and the CLI offer: the embedded ones (PatchMatch first), then one
 * per inpaint model in the library (`model-<id>`, newest first). A learned engine offers the one mode it was
 * trained for. The list is read from the library each time, so a model trained a moment ago is offered at once.
 */
export class InpaintEngineCatalog {
  readonly #models: InpaintModels | undefined;
  readonly #backend: BackendPreference;

  constructor(opts: InpaintEngineCatalogOptions) {
    this.#models = opts.models;
    this.#backend = opts.backend;
  }

  async list(): Promise<EngineInfo[]> {
    const models = this.#models?.list('inpaint') ?? [];
    // A model whose files are broken is left out of the menu; choosing it by id says what is wrong.
    const learned = await Promise.all(models.map(async (model) => this.#learned(model.id).then((choice) => choice.info).catch(() => null)));
    return [...embeddedEngines().map((e) => e.info), ...learned.filter((info): info is EngineInfo => info !== null)];
  }

  /**
   * The engine `id` names, able to work in `mode`: E_NOT_FOUND for an unknown engine or model, E_BAD_MODEL for a
   * model of another kind (or a broken one), E_INVALID_ARGUMENT for a mode the engine does not do.
   */
  async choose(id: string, mode: InpaintMode): Promise<InpaintEngineChoice> {
    const modelId = parseModelEngineId(id);
    const choice = modelId === null ? { info: findEngine(id).info } : await this.#learned(modelId);
    if (!choice.info.modes.includes(mode)) {
      throw new KintsugiError('E_INVALID_ARGUMENT', `${choice.info.name} cannot work in "${mode}" mode (it does: ${choice.info.modes.join(', ')})`);
    }
    return choice;
  }

  async #learned(modelId: number): Promise<InpaintEngineChoice & { model: LearnedInpaintSpec }> {
    if (!this.#models) throw new KintsugiError('E_NOT_FOUND', `No inpainting engine "${modelEngineId(modelId)}": no model library is open`);
    const model = this.#models.get(modelId);
    if (model.kind !== 'inpaint') throw new KintsugiError('E_BAD_MODEL', `Model ${modelId} (${model.name}) is a ${model.kind} model, not an inpainter`);
    const modelDir = this.#models.dir(modelId);
    const manifest = await readManifest(modelDir);
    // The library's name wins: a renamed model is listed under its new name.
    return { info: modelInpaintInfo(modelEngineId(modelId), { ...manifest, name: model.name }), model: { modelDir, backend: this.#backend } };
  }
}
