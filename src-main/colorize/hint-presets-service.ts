import type { HintPreset, HintPresetSummary, StoredHintPreset } from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import { deleteHintPreset, getHintPreset, listHintPresets, saveHintPreset } from '../library/hint-presets-repo.js';
import type { Database } from '../library/db.js';

/** Colour-hint presets in the library: what the Editor saves and loads, and what batch jobs and the CLI apply. */
export class HintPresetsService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  list(): HintPresetSummary[] {
    return listHintPresets(this.#db);
  }

  /** E_NOT_FOUND when there is no such preset (it may have been deleted since a job named it). */
  get(id: number): StoredHintPreset {
    const preset = getHintPreset(this.#db, id);
    if (!preset) throw new KintsugiError('E_NOT_FOUND', `No colour-hint preset ${id}: see the presets in the Colorize panel`, { id });
    return preset;
  }

  save(preset: HintPreset): HintPresetSummary {
    if (preset.hints.length === 0) throw new KintsugiError('E_INVALID_ARGUMENT', 'A preset needs at least one colour hint');
    return saveHintPreset(this.#db, preset);
  }

  remove(id: number): boolean {
    return deleteHintPreset(this.#db, id);
  }
}
