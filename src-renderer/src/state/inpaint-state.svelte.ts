import type { KintsugiApi } from '../../../src-shared/api.js';
import type { EngineInfo, InpaintMode, RequestOf } from '../../../src-shared/contract/index.js';
import type { EditTarget } from './edit-target.js';
import type { TaskRunner } from './task-runner.js';

export const DEFAULT_ENGINE = 'patchmatch';
export const MAX_SEED = 2 ** 31 - 1;

/** The inpainting engines and the panel's choices; the run itself is the editor's job (CancellableJob). */
export class InpaintState {
  engines = $state.raw<EngineInfo[]>([]);
  engine = $state(DEFAULT_ENGINE);
  mode = $state<InpaintMode>('fill');
  seed = $state(1);

  #enginesLoaded = false;
  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;

  constructor(api: KintsugiApi, tasks: TaskRunner) {
    this.#api = api;
    this.#tasks = tasks;
  }

  /** The engine chosen now, when the list is loaded. */
  get engineInfo(): EngineInfo | undefined {
    return this.engines.find((e) => e.id === this.engine);
  }

  /** A newly trained or imported inpainting model becomes a choice at once. */
  listen(): () => void {
    return this.#api.on('models.changed', () => {
      if (this.#enginesLoaded) void this.#fetchEngines();
    });
  }

  async loadEngines(): Promise<void> {
    if (this.#enginesLoaded) return;
    await this.#fetchEngines();
  }

  setEngine(id: string): void {
    this.engine = id;
    this.#fitMode();
  }

  async #fetchEngines(): Promise<void> {
    const engines = await this.#tasks.run(this.#tasks.t('task.listingEngines'), () => this.#api.invoke('inpaint.engines', {}), { quiet: true });
    if (!engines) return;
    this.#enginesLoaded = true;
    this.engines = engines;
    if (!engines.some((e) => e.id === this.engine)) this.engine = engines[0]?.id ?? DEFAULT_ENGINE;
    this.#fitMode();
  }

  randomSeed(): void {
    this.seed = crypto.getRandomValues(new Uint32Array(1))[0]! % (MAX_SEED + 1);
  }

  /** The `inpaint.run` request for the choices made now. */
  request(jobId: string, target: EditTarget): RequestOf<'inpaint.run'> {
    return {
      jobId,
      imageId: target.imageId,
      ...(target.resultId !== undefined ? { resultId: target.resultId } : {}),
      engine: this.engine,
      mode: this.mode,
      seed: this.seed,
    };
  }

  /** An engine that cannot do the chosen mode switches to one it can. */
  #fitMode(): void {
    const modes = this.engineInfo?.modes;
    if (modes && modes.length > 0 && !modes.includes(this.mode)) this.mode = modes[0]!;
  }
}
