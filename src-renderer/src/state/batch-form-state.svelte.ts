import type { KintsugiApi } from '../../../src-shared/api.js';
import type { BatchJob, EngineInfo, HintPresetSummary } from '../../../src-shared/contract/index.js';
import { MAX_REFERENCES, modelEngineId, REFERENCE_ENGINE } from '../../../src-shared/models/engine-id.js';
import { batchCreateRequest, batchFormProblem, defaultBatchForm, type BatchForm, type PickedImage } from '../lib/batch-form.js';
import type { TaskRunner } from './task-runner.js';

/** The New batch form: its fields, the engines to choose from, and creating the job. */
export class BatchFormState {
  values = $state<BatchForm>(defaultBatchForm());
  colorizeEngines = $state.raw<EngineInfo[]>([]);
  inpaintEngines = $state.raw<EngineInfo[]>([]);
  /** Colour-hint presets saved in the Editor, for the hints engine. */
  hintPresets = $state.raw<HintPresetSummary[]>([]);
  creating = $state(false);
  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;

  constructor(api: KintsugiApi, tasks: TaskRunner) {
    this.#api = api;
    this.#tasks = tasks;
  }

  /** Why Create cannot be pressed now, in the user's words; null when it can. */
  get problem(): string | null {
    return batchFormProblem(this.values);
  }

  get referenceCount(): number {
    return this.values.referencePaths.length + this.values.referenceImages.length;
  }

  get inpaintEngine(): EngineInfo | undefined {
    return this.inpaintEngines.find((e) => e.id === this.values.inpaintEngine);
  }

  /**
   * Both engine lists and the hint presets, fresh each time the form shows (a model trained or a preset saved since
   * is a choice); a choice still offered stays.
   */
  async loadEngines(): Promise<void> {
    const loaded = await this.#tasks.run(
      'Listing the engines',
      () =>
        Promise.all([
          this.#api.invoke('colorize.engines', {}),
          this.#api.invoke('inpaint.engines', {}),
          this.#api.invoke('hints.presets.list', {}),
          this.#api.invoke('models.list', { kind: 'colorize' }),
        ]),
      { quiet: true },
    );
    if (!loaded) return;
    const [colorize, inpaint, presets, models] = loaded;
    this.colorizeEngines = colorize;
    this.inpaintEngines = inpaint;
    this.hintPresets = presets;
    const v = this.values;
    if (!presets.some((p) => p.id === v.hintsPresetId)) v.hintsPresetId = presets[0]?.id ?? null;
    if (!colorize.some((e) => e.id === v.colorizeEngine)) {
      // Not chosen yet (or gone): the default colorize model, as the Editor and `kintsugi colorize` use.
      const preferred = models.find((m) => m.isDefault);
      const defaultEngine = preferred === undefined ? undefined : colorize.find((e) => e.id === modelEngineId(preferred.id));
      v.colorizeEngine = (defaultEngine ?? colorize[0])?.id ?? REFERENCE_ENGINE;
    }
    if (!inpaint.some((e) => e.id === v.inpaintEngine)) v.inpaintEngine = inpaint[0]?.id ?? v.inpaintEngine;
    this.fitMode();
  }

  /** An engine that cannot work in the chosen mode switches the mode to one it can. */
  fitMode(): void {
    const modes = this.inpaintEngine?.modes;
    if (modes && !modes.includes(this.values.mode)) this.values.mode = modes[0] ?? this.values.mode;
  }

  addReferencePaths(paths: readonly string[]): void {
    const known = new Set(this.values.referencePaths);
    const room = MAX_REFERENCES - this.referenceCount;
    this.values.referencePaths.push(...paths.filter((p) => !known.has(p)).slice(0, Math.max(0, room)));
  }

  removeReferencePath(path: string): void {
    this.values.referencePaths = this.values.referencePaths.filter((p) => p !== path);
  }

  toggleReferenceImage(image: PickedImage): void {
    const refs = this.values.referenceImages;
    if (refs.some((r) => r.id === image.id)) this.values.referenceImages = refs.filter((r) => r.id !== image.id);
    else if (this.referenceCount < MAX_REFERENCES) refs.push({ id: image.id, name: image.name });
  }

  toggleInputImage(image: PickedImage): void {
    const images = this.values.images;
    if (images.some((i) => i.id === image.id)) this.values.images = images.filter((i) => i.id !== image.id);
    else images.push({ id: image.id, name: image.name });
  }

  /** Creates the job (or continues the matching unfinished one); the form keeps its values for the next batch. */
  async create(): Promise<{ job: BatchJob; resumed: boolean } | undefined> {
    if (this.problem || this.creating) return undefined;
    this.creating = true;
    try {
      return await this.#tasks.run('Creating the batch', () => this.#api.invoke('batch.create', batchCreateRequest(this.values)));
    } finally {
      this.creating = false;
    }
  }
}
