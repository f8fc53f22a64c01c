import type { BackendPreference, BackendReport } from '../../src-shared/contract/index.js';
import type { BackendCandidate } from './backend-candidates.js';

/**
 * The compute runtime of one process. Nothing loads at construction, so the app starts fast: TensorFlow.js itself is
 * imported only when the backend is first needed, and the answer is kept (tfjs backends are per process, so one
 * selection serves all callers). `candidates` replaces the default ladder (tests).
 */
export class RuntimeService {
  readonly preference: BackendPreference;
  readonly #candidates: (() => readonly BackendCandidate[]) | undefined;
  #report: Promise<BackendReport> | null = null;

  constructor(preference: BackendPreference, candidates?: () => readonly BackendCandidate[]) {
    this.preference = preference;
    this.#candidates = candidates;
  }

  /** The chosen backend and why the better ones were skipped; the first call selects it. */
  report(): Promise<BackendReport> {
    this.#report ??= this.#select();
    return this.#report;
  }

  async #select(): Promise<BackendReport> {
    const [{ selectBackend }, { defaultCandidates }] = await Promise.all([import('./backend-ladder.js'), import('./backend-candidates.js')]);
    return selectBackend(this.preference, (this.#candidates ?? defaultCandidates)());
  }
}
