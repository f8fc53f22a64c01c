import type { BackendPreference, BackendReport } from '../../src-shared/contract/index.js';
import { defaultCandidates, type BackendCandidate } from './backend-candidates.js';
import { selectBackend } from './backend-ladder.js';

/**
 * The compute runtime of one process. Nothing loads at construction, so the app starts fast; the backend is
 * chosen on first use and the answer is kept (tfjs backends are per process, so one selection serves all callers).
 */
export class RuntimeService {
  readonly preference: BackendPreference;
  readonly #candidates: () => readonly BackendCandidate[];
  #report: Promise<BackendReport> | null = null;

  constructor(preference: BackendPreference, candidates: () => readonly BackendCandidate[] = defaultCandidates) {
    this.preference = preference;
    this.#candidates = candidates;
  }

  /** The chosen backend and why the better ones were skipped; the first call selects it. */
  report(): Promise<BackendReport> {
    this.#report ??= selectBackend(this.preference, this.#candidates());
    return this.#report;
  }
}
