import type { KintsugiApi } from '../../../src-shared/api.js';
import type { DatasetScan, TrainingEstimate, TrainingRun } from '../../../src-shared/contract/index.js';
import { debounce } from '../lib/debounce.js';
import {
  defaultTrainingForm,
  estimateRequest,
  TRAINING_DEFAULTS,
  trainingFormProblem,
  trainingStartRequest,
  type TrainingForm,
} from '../lib/training-form.js';
import type { TaskRunner } from './task-runner.js';

/** A changed split or seed changes the train/validation counts; wait for typing to pause before asking again. */
const RESCAN_DEBOUNCE_MS = 400;

/** The New run form: its fields, the scan of the chosen folder, and starting the run. */
export class TrainingFormState {
  values = $state<TrainingForm>(defaultTrainingForm());
  scan = $state.raw<DatasetScan | null>(null);
  scanning = $state(false);
  starting = $state(false);
  measuring = $state(false);
  /** The last speed measurement, and what it was measured for (kind, size, batch, backend). */
  #estimate = $state.raw<{ key: string; value: TrainingEstimate } | null>(null);
  /** The folder as typed when `scan` was made; a different one in the field makes the scan stale. */
  #scannedFor = $state('');
  #scanToken = 0;
  readonly #api: KintsugiApi;
  readonly #tasks: TaskRunner;
  readonly #rescan = debounce(() => void this.scanFolder(), RESCAN_DEBOUNCE_MS);

  constructor(api: KintsugiApi, tasks: TaskRunner) {
    this.#api = api;
    this.#tasks = tasks;
  }

  /** The scan of the folder in the field, or null while there is none (never scanned, or the field changed). */
  get currentScan(): DatasetScan | null {
    return this.scan && this.#scannedFor === this.values.dataFolder.trim() ? this.scan : null;
  }

  /** The speed measured for the form's kind, size, batch and backend; null when none was, or they changed since. */
  get currentEstimate(): TrainingEstimate | null {
    const request = estimateRequest(this.values);
    return request && this.#estimate?.key === JSON.stringify(request) ? this.#estimate.value : null;
  }

  /**
   * Time a few training steps as the run would make them. A length still at its default then becomes what fits in
   * ten minutes here, so the default follows the machine and its backend instead of a fixed step count.
   */
  async measureSpeed(): Promise<void> {
    const request = estimateRequest(this.values);
    if (!request || this.measuring) return;
    this.measuring = true;
    try {
      const estimate = await this.#tasks.run('Measuring the training speed', () => this.#api.invoke('training.estimate', request));
      if (!estimate) return;
      this.#estimate = { key: JSON.stringify(request), value: estimate };
      if (this.values.lengthUnit === 'steps' && this.values.steps === TRAINING_DEFAULTS.steps) this.values.steps = estimate.tenMinuteSteps;
    } finally {
      this.measuring = false;
    }
  }

  /** Why Start cannot be pressed now, in the user's words; null when it can. */
  get problem(): string | null {
    const formProblem = trainingFormProblem(this.values);
    if (formProblem) return formProblem;
    const scan = this.currentScan;
    if (!scan) return this.scanning ? 'Scanning the folder…' : 'Scan the folder first';
    if (scan.usable === 0) return 'The folder has no usable photos';
    if (scan.train === 0) return 'No photos are left for training after the validation split';
    return null;
  }

  async setFolder(path: string): Promise<void> {
    this.values.dataFolder = path;
    await this.scanFolder();
  }

  /** Scans the folder in the field with the split and seed of the form; a later scan wins over a slower earlier one. */
  async scanFolder(): Promise<void> {
    this.#rescan.cancel();
    const folder = this.values.dataFolder.trim();
    const { validationSplit, seed } = this.values;
    if (!folder || validationSplit === null || seed === null) return;
    const token = ++this.#scanToken;
    this.scanning = true;
    try {
      const scan = await this.#tasks.run('Scanning the folder', () => this.#api.invoke('training.scan', { folder, validationSplit, seed }));
      if (token !== this.#scanToken || !scan) return;
      this.scan = scan;
      this.#scannedFor = folder;
    } finally {
      if (token === this.#scanToken) this.scanning = false;
    }
  }

  /** After the split or the seed changed: the counts shown must follow. */
  rescanSoon(): void {
    if (this.currentScan) this.#rescan();
  }

  async start(): Promise<TrainingRun | undefined> {
    if (this.problem || this.starting) return undefined;
    this.starting = true;
    try {
      return await this.#tasks.run('Starting the training run', () => this.#api.invoke('training.start', trainingStartRequest(this.values)));
    } finally {
      this.starting = false;
    }
  }

  dispose(): void {
    this.#rescan.cancel();
  }
}
