import type { KintsugiApi } from '../../../src-shared/api.js';
import type { EngineInfo, ImageSummary, RequestOf } from '../../../src-shared/contract/index.js';
import { HINTS_ENGINE, MAX_REFERENCES, modelEngineId, REFERENCE_ENGINE } from '../../../src-shared/models/engine-id.js';
import type { EditTarget } from './edit-target.js';
import { HintsState } from './hints-state.svelte.js';
import type { TaskRunner } from './task-runner.js';

/** The colorization engines (embedded ones, then trained models) and the panel's choices. */
export class ColorizeState {
  engines = $state.raw<EngineInfo[]>([]);
  engine = $state(REFERENCE_ENGINE);
  /** Library images whose colours the reference engine transfers, in the order they were picked. */
  references = $state.raw<ImageSummary[]>([]);
  /** Colour points and scribbles for the hints engine. */
  readonly hints: HintsState;

  /** Once the user chose an engine, a reloaded list keeps that choice while it exists. */
  #chosen = false;
  #loaded = false;
  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;

  constructor(api: KintsugiApi, tasks: TaskRunner) {
    this.#api = api;
    this.#tasks = tasks;
    this.hints = new HintsState(api, tasks);
  }

  get engineInfo(): EngineInfo | undefined {
    return this.engines.find((e) => e.id === this.engine);
  }

  get needsReferences(): boolean {
    return this.engine === REFERENCE_ENGINE;
  }

  get needsHints(): boolean {
    return this.engine === HINTS_ENGINE;
  }

  /** Why Run cannot start yet, or null. */
  get problem(): string | null {
    if (this.needsReferences && this.references.length === 0) return 'Pick one or more reference photos first';
    if (this.needsHints && this.hints.hints.length === 0) return 'Click or scribble a colour on the photo first';
    return null;
  }

  /** A newly trained or imported model becomes a choice at once. */
  listen(): () => void {
    return this.#api.on('models.changed', () => {
      if (this.#loaded) void this.loadEngines();
    });
  }

  /**
   * Lists the engines; until the user picks one, the default colorize model is preselected (else the newest model,
   * else reference transfer), because a trained model is what someone who trained one wants to use.
   */
  async loadEngines(): Promise<void> {
    const loaded = await this.#tasks.run(
      'Listing the colorization engines',
      () => Promise.all([this.#api.invoke('colorize.engines', {}), this.#api.invoke('models.list', { kind: 'colorize' })]),
      { quiet: true },
    );
    if (!loaded) return;
    const [engines, models] = loaded;
    this.#loaded = true;
    this.engines = engines;
    if (this.#chosen && engines.some((e) => e.id === this.engine)) return;
    this.#chosen = false;
    const preferred = models.find((m) => m.isDefault) ?? models[0];
    const preferredEngine = preferred ? engines.find((e) => e.id === modelEngineId(preferred.id)) : undefined;
    this.engine = (preferredEngine ?? engines.find((e) => e.kind === 'model') ?? engines.find((e) => e.id === REFERENCE_ENGINE) ?? engines[0])?.id ?? REFERENCE_ENGINE;
  }

  setEngine(id: string): void {
    this.engine = id;
    this.#chosen = true;
  }

  toggleReference(image: ImageSummary): void {
    if (this.references.some((r) => r.id === image.id)) this.references = this.references.filter((r) => r.id !== image.id);
    else if (this.references.length < MAX_REFERENCES) this.references = [...this.references, image];
  }

  /** The `colorize.run` request for the choices made now. */
  request(jobId: string, target: EditTarget): RequestOf<'colorize.run'> {
    return {
      jobId,
      imageId: target.imageId,
      ...(target.resultId !== undefined ? { resultId: target.resultId } : {}),
      engine: this.engine,
      ...(this.needsReferences ? { referenceImageIds: this.references.map((r) => r.id) } : {}),
      ...(this.needsHints ? { hints: [...this.hints.hints] } : {}),
    };
  }
}
