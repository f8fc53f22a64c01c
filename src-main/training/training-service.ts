import { mkdir, readFile, rm } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import type {
  DatasetScan,
  LossPoint,
  RunBaseline,
  RunMetrics,
  TrainingConfig,
  TrainingRun,
  ValidationPoint,
} from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import type { EndReason, TrainingReply, TrainingStart } from '../../src-shared/workers/training-messages.js';
import type { Database } from '../library/db.js';
import * as metrics from '../library/training-metrics-repo.js';
import * as runs from '../library/training-runs-repo.js';
import type { ModelsService } from '../models/models-service.js';
import type { CallContext } from '../router/types.js';
import { forkTrainingProcess } from '../workers/fork-training-process.js';
import { scanDataset } from './dataset-scan.js';
import { TrainingProcessLink, type ProcessExit, type TrainingProcess } from './training-process-link.js';

/** Runs' folders (checkpoints, previews, the exported model before it is registered), relative to the data folder. */
export const RUNS_FOLDER = join('training', 'runs');
/** How long a pause or stop may take (finish the step, write the checkpoint, export) before the process is killed. */
const END_TIMEOUT_MS = 120_000;
/** `training.progress` at most this often: a chart redrawn 4 times a second looks live. */
const PROGRESS_INTERVAL_MS = 250;
/** Step losses are written together, at most this long after they arrived or this many at a time. */
const FLUSH_INTERVAL_MS = 1000;
const FLUSH_POINTS = 50;
/** Kinds with a trainer; the others share the run system but cannot train yet. */

export type Emit = CallContext['emit'];

export interface TrainingServiceOptions {
  db: Database;
  dataDir: string;
  models: ModelsService;
  appVersion: string;
  /** Starts a training process; tests pass a fake. */
  fork?: () => TrainingProcess;
  endTimeoutMs?: number;
  log?: (line: string) => void;
  /** Whether a process id is alive (tests decide). */
  isAlive?: (pid: number) => boolean;
}

interface ActiveRun {
  link: TrainingProcessLink;
  emit: Emit;
  /** Step losses not yet written. */
  pending: LossPoint[];
  lastFlush: number;
  lastProgress: number;
  /** The process said how it ended (`ended` or `failed`); an exit without it is a crash. */
  said: boolean;
  /** What the service asked for, to name a timeout in the failure reason. */
  asked: 'pause' | 'stop' | null;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function busy(message: string): KintsugiError {
  return new KintsugiError('E_BUSY', message);
}

/** Non-finite numbers cannot cross the contract (JSON has none); such a point is dropped rather than stored. */
/** Every value is a finite number; null (a loss the task does not have, as a GAN's L1) passes. */
/** Every number of a reported point is finite (null means "not measured", and names are not numbers). */
function finite(point: LossPoint | ValidationPoint | RunBaseline): boolean {
  return Object.values(point).every((v) => typeof v !== 'number' || Number.isFinite(v));
}

function lastLines(text: string, lines: number): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** Why a process that ended without saying so ended, in words a user can act on, with its last output. */
function crashReason(exit: ProcessExit, asked: ActiveRun['asked'], endTimeoutMs: number): string {
  let reason: string;
  if (exit.error) reason = `The training process could not run: ${exit.error.message}`;
  else if (exit.killedAfterTimeout && asked) reason = `The training process did not ${asked} within ${endTimeoutMs / 1000} s and was ended`;
  else if (exit.signal === 'SIGKILL') reason = 'The training process was killed (SIGKILL; the system may have run out of memory)';
  else if (exit.signal) reason = `The training process was killed by ${exit.signal}`;
  else reason = `The training process exited with code ${exit.code ?? 'unknown'} before finishing`;
  const output = lastLines(exit.output, 12);
  return output ? `${reason}\n${output}` : reason;
}

/**
 * Training runs (DESIGN §4): each run trains in its own process (`training-process.ts`), which this service starts,
 * feeds the run's config and fixed split, and listens to. Everything the process reports is stored (step losses in
 * batches, validation points, checkpoint and preview steps) and relayed as events to whoever started or resumed the
 * run. Pause and stop end the process after a checkpoint; resume forks a new one on the same run folder, which
 * continues from its checkpoint — after a pause, a crash, or an app restart alike.
 * Each stop or completion registers a new model (linked from the run): a model already in use (as a default, or
 * named by versions in an image's history) never changes under the user, and an earlier one stays to compare.
 */
export class TrainingService {
  readonly #db: Database;
  readonly #dataDir: string;
  readonly #models: ModelsService;
  readonly #appVersion: string;
  readonly #fork: () => TrainingProcess;
  readonly #endTimeoutMs: number;
  readonly #log: (line: string) => void;
  readonly #isAlive: (pid: number) => boolean;
  readonly #active = new Map<number, ActiveRun>();

  constructor(opts: TrainingServiceOptions) {
    this.#db = opts.db;
    this.#dataDir = opts.dataDir;
    this.#models = opts.models;
    this.#appVersion = opts.appVersion;
    this.#fork = opts.fork ?? forkTrainingProcess;
    this.#endTimeoutMs = opts.endTimeoutMs ?? END_TIMEOUT_MS;
    this.#log = opts.log ?? (() => {});
    this.#isAlive = opts.isAlive ?? isProcessAlive;
    // Runs whose process died with the app that drove them: resumable from their checkpoint.
    runs.pauseOrphanedRuns(this.#db, this.#isAlive, (run) =>
      run.checkpointStep > 0
        ? `interrupted: Kintsugi closed while this run was training; resume continues from the checkpoint at step ${run.checkpointStep}`
        : 'interrupted: Kintsugi closed while this run was training, before its first checkpoint; resume starts it again',
    );
  }

  async scan(folder: string, validationSplit: number, seed: number): Promise<DatasetScan> {
    return (await scanDataset(folder, { validationSplit, seed })).scan;
  }

  /** Validate, scan, create the run with its split, and start its process. */
  async start(req: { name?: string | undefined; config: TrainingConfig }, emit: Emit): Promise<TrainingRun> {
    // A GAN has no truth to validate against: every photo trains.
    const validationSplit = req.config.kind === 'gan' ? 0 : req.config.validationSplit;
    const config = { ...req.config, dataFolder: resolve(req.config.dataFolder), validationSplit };
    if (config.baseModelId !== undefined) {
      const base = this.#models.get(config.baseModelId);
      if (base.kind !== config.kind) {
        throw new KintsugiError('E_BAD_MODEL', `"${base.name}" is a ${base.kind} model; a ${config.kind} run can only fine-tune a ${config.kind} model`);
      }
    }
    const { scan, train, validation } = await scanDataset(config.dataFolder, config);
    if (train.length === 0) {
      const why = scan.skipped.slice(0, 3).map((s) => `${basename(s.path)}: ${s.reason}`);
      throw new KintsugiError(
        'E_INVALID_ARGUMENT',
        `No usable photos to train on in ${scan.folder}` + (why.length ? ` (${scan.skipped.length} skipped, e.g. ${why.join('; ')})` : ''),
      );
    }
    // With epochs, the step count follows from the data; the process is told the same number.
    const totalSteps = config.epochs === undefined ? config.steps : Math.max(1, Math.ceil((config.epochs * train.length) / config.batchSize));
    const { skipped, ...summary } = scan;
    const run = runs.insertRun(
      this.#db,
      {
        name: (req.name ?? `${basename(scan.folder)} · ${config.kind}`).slice(0, 200),
        kind: config.kind,
        config: { ...config, steps: totalSteps },
        dataset: { ...summary, skippedCount: skipped.length },
        totalSteps,
        ownerPid: process.pid,
      },
      { train, validation },
    );
    await this.#launch(run.id, emit);
    return this.get(run.id);
  }

  /** Checkpoint and end the run's process; it can be resumed. */
  async pause(runId: number): Promise<TrainingRun> {
    const active = this.#active.get(runId);
    if (!active) {
      const run = this.#record(runId);
      this.#assertNotElsewhere(run);
      if (run.status === 'paused') return this.get(runId);
      throw busy(`Run ${runId} is ${run.status}, not training, so it cannot be paused`);
    }
    active.asked = 'pause';
    await active.link.end({ type: 'pause' }, this.#endTimeoutMs);
    return this.get(runId);
  }

  /**
   * Checkpoint, end, and register the model trained so far. A paused or failed run is resumed just to export its
   * checkpoint (it may train one more step first); one that never reached a checkpoint is marked stopped, no model.
   */
  async stop(runId: number, emit: Emit): Promise<TrainingRun> {
    let active = this.#active.get(runId);
    if (!active) {
      const run = this.#record(runId);
      if (run.status === 'stopped' || run.status === 'completed') return this.get(runId);
      this.#assertNotElsewhere(run);
      if (run.checkpointStep === 0) {
        runs.updateRun(this.#db, runId, { status: 'stopped', ownerPid: null });
        return this.#changed(runId, emit);
      }
      await this.#launch(runId, emit);
      active = this.#active.get(runId);
      if (!active) return this.get(runId); // its process could not start: the run says why
    }
    active.asked = 'stop';
    await active.link.end({ type: 'stop' }, this.#endTimeoutMs);
    return this.get(runId);
  }

  /** Start a new process on the run's folder: it continues from the newest checkpoint, keeping steps and metrics. */
  async resume(runId: number, emit: Emit): Promise<TrainingRun> {
    if (this.#active.has(runId)) throw busy(`Run ${runId} is already training`);
    const run = this.#record(runId);
    this.#assertNotElsewhere(run);
    if (run.status === 'completed') throw busy(`Run ${runId} has finished all its ${run.totalSteps} steps`);
    await this.#launch(runId, emit);
    return this.get(runId);
  }

  list(): TrainingRun[] {
    return runs.listRuns(this.#db).map((r) => this.#toRun(r));
  }

  get(runId: number): TrainingRun {
    return this.#toRun(this.#record(runId));
  }

  metrics(runId: number): RunMetrics {
    this.#record(runId);
    return { runId, losses: metrics.listLosses(this.#db, runId), validation: metrics.listValidation(this.#db, runId) };
  }

  /** Delete a run that is not training, with its folder (checkpoints, previews); its models stay. */
  async remove(runId: number): Promise<boolean> {
    const run = runs.getRun(this.#db, runId);
    if (!run) return false;
    if (this.#active.has(runId)) throw busy(`Run ${runId} is training: pause or stop it before deleting it`);
    this.#assertNotElsewhere(run);
    runs.deleteRun(this.#db, runId);
    await rm(this.#runDir(runId), { recursive: true, force: true });
    return true;
  }

  /** The newest preview grid of a run (media `preview/<run id>`). */
  async preview(runId: number): Promise<{ contentType: string; data: Buffer }> {
    const run = this.#record(runId);
    if (run.previewPath === null) throw new KintsugiError('E_NOT_FOUND', `Run ${runId} has no preview yet`);
    try {
      return { contentType: 'image/png', data: await readFile(join(this.#dataDir, run.previewPath)) };
    } catch {
      throw new KintsugiError('E_NOT_FOUND', `The preview of run ${runId} is missing`);
    }
  }

  /** Resolves with the run once its process is gone (at once when none runs): the CLI waits on this. */
  async whenEnded(runId: number): Promise<TrainingRun> {
    await this.#active.get(runId)?.link.finished;
    return this.get(runId);
  }

  /**
   * The app is closing: ask every process to pause (each writes its checkpoint and exits on its own) and stop
   * listening. Their runs stay `running` and are found interrupted — resumable — at the next start. Returns how
   * many it paused.
   */
  close(): number {
    const count = this.#active.size;
    for (const [runId, active] of this.#active) {
      this.#flush(runId, active);
      active.link.send({ type: 'pause' });
      active.link.detach();
    }
    this.#active.clear();
    return count;
  }

  #runDir(runId: number): string {
    return join(this.#dataDir, RUNS_FOLDER, String(runId));
  }

  #record(runId: number): runs.RunRecord {
    const run = runs.getRun(this.#db, runId);
    if (!run) throw new KintsugiError('E_NOT_FOUND', `No training run with id ${runId}`);
    return run;
  }

  /** A run another Kintsugi process (a training CLI beside the app) is driving cannot be touched from here. */
  #assertNotElsewhere(run: runs.RunRecord): void {
    if (run.status === 'running' && run.ownerPid !== null && run.ownerPid !== process.pid && this.#isAlive(run.ownerPid)) {
      throw busy(`Run ${run.id} is training in another Kintsugi process (pid ${run.ownerPid})`);
    }
  }

  #toRun({ previewPath: _path, ownerPid: _pid, ...run }: runs.RunRecord): TrainingRun {
    const last = metrics.lastPoints(this.#db, run.id);
    return { ...run, lastLosses: last.loss, lastValidation: last.validation };
  }

  #changed(runId: number, emit: Emit): TrainingRun {
    const run = this.get(runId);
    emit('training.changed', run);
    return run;
  }

  async #launch(runId: number, emit: Emit): Promise<void> {
    const run = this.#record(runId);
    const runDir = this.#runDir(runId);
    await mkdir(runDir, { recursive: true });
    const split = runs.getSplit(this.#db, runId);
    const base = run.config.baseModelId;
    const baseExists = base !== undefined && this.#models.list(run.kind).some((m) => m.id === base);
    const start: TrainingStart = {
      type: 'start',
      config: run.config,
      train: split.train.map((p) => join(run.dataset.folder, p)),
      validation: split.validation.map((p) => join(run.dataset.folder, p)),
      runDir,
      // On resume the checkpoint holds the weights; a base model deleted since is not needed any more.
      baseModelDir: baseExists ? this.#models.dir(base) : null,
      modelName: run.name,
      appVersion: this.#appVersion,
    };
    let child: TrainingProcess;
    try {
      child = this.#fork();
    } catch (err) {
      runs.updateRun(this.#db, runId, { status: 'failed', error: `The training process could not start: ${(err as Error).message}`, ownerPid: null });
      this.#changed(runId, emit);
      return;
    }
    // The handlers run only once the process answers, after `active` exists.
    const active: ActiveRun = {
      link: new TrainingProcessLink(child, {
        message: (reply) => this.#onMessage(runId, active, reply),
        exit: (exit) => this.#onExit(runId, active, exit),
        log: this.#log,
      }),
      emit,
      pending: [],
      lastFlush: Date.now(),
      lastProgress: 0,
      said: false,
      asked: null,
    };
    this.#active.set(runId, active);
    runs.updateRun(this.#db, runId, { status: 'running', error: null, ownerPid: process.pid });
    active.link.send(start);
    this.#changed(runId, emit);
  }

  #flush(runId: number, active: ActiveRun): void {
    const points = active.pending;
    if (points.length === 0) return;
    active.pending = [];
    active.lastFlush = Date.now();
    this.#db.transaction(() => {
      metrics.insertLosses(this.#db, runId, points);
      runs.updateRun(this.#db, runId, { step: (points.at(-1) as LossPoint).step });
    })();
  }

  async #onMessage(runId: number, active: ActiveRun, reply: TrainingReply): Promise<void> {
    const { emit } = active;
    if (reply.type !== 'step') this.#flush(runId, active);
    switch (reply.type) {
      case 'ready': {
        // History beyond the checkpoint is trained again now: forget it, so no step appears twice.
        metrics.deleteMetricsAfter(this.#db, runId, reply.startStep);
        runs.updateRun(this.#db, runId, {
          backend: reply.backend.active ?? 'none',
          step: reply.startStep,
          checkpointStep: reply.startStep,
          totalSteps: reply.totalSteps,
        });
        this.#changed(runId, emit);
        return;
      }
      case 'step': {
        const point = reply.losses;
        if (!finite(point)) return this.#log(`run ${runId}: step ${point.step} reported a non-finite loss; not recorded`);
        active.pending.push(point);
        const now = Date.now();
        const last = point.step >= reply.totalSteps;
        if (last || active.pending.length >= FLUSH_POINTS || now - active.lastFlush >= FLUSH_INTERVAL_MS) this.#flush(runId, active);
        if (last || now - active.lastProgress >= PROGRESS_INTERVAL_MS) {
          active.lastProgress = now;
          const eta = point.stepsPerSecond > 0 ? (reply.totalSteps - point.step) / point.stepsPerSecond : null;
          emit('training.progress', { runId, step: point.step, totalSteps: reply.totalSteps, losses: point, etaSeconds: eta });
        }
        return;
      }
      case 'validation': {
        if (!finite(reply.point)) return this.#log(`run ${runId}: validation at step ${reply.point.step} is not finite; not recorded`);
        metrics.insertValidation(this.#db, runId, reply.point);
        emit('training.validation', { runId, ...reply.point });
        return;
      }
      case 'baseline': {
        if (!finite(reply.baseline)) return this.#log(`run ${runId}: the ${reply.baseline.engine} baseline is not finite; not recorded`);
        runs.updateRun(this.#db, runId, { baseline: reply.baseline });
        this.#changed(runId, emit);
        return;
      }
      case 'preview': {
        runs.updateRun(this.#db, runId, { previewStep: reply.step, previewPath: relative(this.#dataDir, reply.file) });
        emit('training.preview', { runId, step: reply.step });
        return;
      }
      case 'checkpoint': {
        runs.updateRun(this.#db, runId, { checkpointStep: reply.step });
        this.#changed(runId, emit);
        return;
      }
      case 'ended': {
        active.said = true;
        await this.#onEnded(runId, active, reply.reason, reply.step, reply.modelDir);
        return;
      }
      case 'failed': {
        active.said = true;
        runs.updateRun(this.#db, runId, { status: 'failed', error: `${reply.error.code}: ${reply.error.message}`, ownerPid: null });
        this.#changed(runId, emit);
        return;
      }
    }
  }

  async #onEnded(runId: number, active: ActiveRun, reason: EndReason, step: number, modelDir: string | null): Promise<void> {
    runs.updateRun(this.#db, runId, { status: reason, step, ownerPid: null });
    if (modelDir !== null) {
      const run = this.#record(runId);
      try {
        // A run that already registered a model names the next one by its step, so the two can be told apart.
        const name = run.modelId === null ? undefined : `${run.name} (step ${step})`.slice(0, 200);
        const model = await this.#models.register(modelDir, { source: 'trained', runId, move: true, ...(name ? { name } : {}) });
        runs.updateRun(this.#db, runId, { modelId: model.id });
        active.emit('models.changed', {});
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        runs.updateRun(this.#db, runId, { error: `The trained model could not be added to the library: ${message}` });
      }
    }
    this.#changed(runId, active.emit);
  }

  #onExit(runId: number, active: ActiveRun, exit: ProcessExit): void {
    this.#flush(runId, active);
    this.#active.delete(runId);
    if (active.said) return;
    runs.updateRun(this.#db, runId, { status: 'failed', error: crashReason(exit, active.asked, this.#endTimeoutMs), ownerPid: null });
    this.#changed(runId, active.emit);
  }
}
