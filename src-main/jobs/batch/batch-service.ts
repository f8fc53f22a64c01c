import { mkdir, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import type {
  BatchItem,
  BatchItemStatus,
  BatchJob,
  BatchParams,
  BatchProgress,
  BatchStatus,
  EventName,
  EventOf,
} from '../../../src-shared/contract/index.js';
import { isErrorCode, KintsugiError, type ErrorCode } from '../../../src-shared/errors.js';
import { HINTS_ENGINE, REFERENCE_ENGINE } from '../../../src-shared/models/engine-id.js';
import { fileMedia, type MediaBytes } from '../../images/display.js';
import { writeError } from '../../images/export-image.js';
import { probeImage } from '../../images/probe.js';
import { writeFileAtomic } from '../../images/write-atomic.js';
import * as repo from '../../library/batch-jobs-repo.js';
import type { BatchItemRecord, BatchJobRecord, JobState } from '../../library/batch-jobs-repo.js';
import type { ImageLookup } from '../../masks/masks-service.js';
import { toErrorData } from '../../router/error-mapping.js';
import { runItems, settleItems, type RunEnd } from './batch-runner.js';
import { collectInputs, type CollectedInput } from './collect-inputs.js';
import { colorizeProcessor, type ColorizerSource } from './colorize-processor.js';
import { formatErrorLog } from './error-log.js';
import { InpaintEngineCatalog } from '../../inpaint/inpaint-engines.js';
import { openInpaintProcessor } from './inpaint-processor.js';
import { planOutputs } from './output-names.js';
import { normaliseParams, paramsKey } from './params-key.js';
import type { BatchProcessor } from './processor.js';
import { Throughput } from './throughput.js';

/** Sends an event to whoever listens (the window, the browser, the CLI's printer). */
export type Emit = <E extends EventName>(event: E, payload: EventOf<E>) => void;

export interface BatchServiceOptions {
  db: Database;
  images: ImageLookup;
  colorizers: ColorizerSource;
  /** The inpainting engines jobs may use; default: the embedded ones only. */
  inpaintEngines?: InpaintEngineCatalog | undefined;
  /** How inpainting workers are started; tests swap in misbehaving ones. */
  spawnInpaintWorker?: (() => Worker) | undefined;
  /** This process, as recorded on the jobs it queues and runs. */
  pid?: number;
  /** Whether another process still lives (a job it owns is not interrupted). */
  isProcessAlive?: (pid: number) => boolean;
  log?: (line: string) => void;
}

export interface CreateBatchRequest extends BatchParams {
  name?: string | undefined;
  resumeMatching: boolean;
}

export interface ItemsQuery {
  jobId: number;
  statuses?: BatchItemStatus[] | undefined;
  offset: number;
  limit: number;
}

/** The job this process is running now, and how a stop requested from outside should end it. */
interface ActiveRun {
  jobId: number;
  controller: AbortController;
  stopAs: 'paused' | 'cancelled' | null;
  done: Promise<void>;
}

/** Progress events while a file is in progress: a few a second are plenty for a progress bar. */
const PROGRESS_INTERVAL_MS = 250;

function defaultIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function toItem(record: BatchItemRecord): BatchItem {
  const { tempPath: _tempPath, ...item } = record;
  return item;
}

function busy(job: BatchJobRecord, action: string): KintsugiError {
  return new KintsugiError('E_BUSY', `Batch ${job.id} is ${job.status}: it cannot ${action}`, { status: job.status });
}

function defaultName(params: BatchParams, count: number): string {
  const source = params.input.type === 'folder' ? basename(params.input.folder) || params.input.folder : `${count} images`;
  return `${source}: ${params.operation.kind}`.slice(0, 200);
}

async function ensureFolder(folder: string, what: string): Promise<void> {
  let isDir: boolean;
  try {
    isDir = (await stat(folder)).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new KintsugiError('E_NOT_FOUND', `The ${what} does not exist: ${folder}`);
    throw err;
  }
  if (!isDir) throw new KintsugiError('E_INVALID_ARGUMENT', `The ${what} is not a folder: ${folder}`);
}

/**
 * Batch jobs: persisted in the library, run one at a time (one file at a time, the work in worker threads and sharp's
 * pool), paused, resumed and cancelled, and recovered after a crash. Events go out through the `emit` of the call
 * that started a job (both hosts broadcast through it).
 */
export class BatchService {
  readonly #db: Database;
  readonly #images: ImageLookup;
  readonly #colorizers: ColorizerSource;
  readonly #inpaintEngines: InpaintEngineCatalog;
  readonly #spawnInpaintWorker: (() => Worker) | undefined;
  readonly #pid: number;
  readonly #isAlive: (pid: number) => boolean;
  readonly #log: (line: string) => void;
  /** Jobs this process queued, in order. */
  readonly #queue: number[] = [];
  readonly #emitters = new Map<number, Emit>();
  #active: ActiveRun | null = null;
  #closed = false;

  constructor(opts: BatchServiceOptions) {
    this.#db = opts.db;
    this.#images = opts.images;
    this.#colorizers = opts.colorizers;
    this.#inpaintEngines = opts.inpaintEngines ?? new InpaintEngineCatalog({ backend: 'auto' });
    this.#spawnInpaintWorker = opts.spawnInpaintWorker;
    this.#pid = opts.pid ?? process.pid;
    this.#isAlive = opts.isProcessAlive ?? defaultIsAlive;
    this.#log = opts.log ?? (() => {});
  }

  /**
   * At start: jobs left queued or running by a process that is gone become paused (`interrupted`, offered for
   * resume), and what a crash left of their files is settled. Jobs another live Kintsugi runs are left alone.
   */
  async recover(): Promise<void> {
    for (const job of repo.jobsWithStatus(this.#db, ['queued', 'running'])) {
      if (this.#runByOther(job)) continue;
      repo.setJobState(this.#db, job.id, { status: 'paused', pauseReason: 'interrupted', error: null, ownerPid: null });
    }
    for (const job of repo.jobsWithStatus(this.#db, ['paused', 'completed', 'cancelled', 'failed'])) {
      try {
        await settleItems(this.#db, job.id);
      } catch (err) {
        this.#log(`batch ${job.id}: could not settle its files after a restart: ${toErrorData(err).message}`);
      }
    }
  }

  async create(req: CreateBatchRequest, emit: Emit): Promise<{ job: BatchJob; resumed: boolean }> {
    const { name, resumeMatching, ...raw } = req;
    const params = normaliseParams(raw);
    await this.#validate(params);
    const key = paramsKey(params);
    if (resumeMatching) {
      const match = repo.findJobsByKey(this.#db, key).find((j) => j.status !== 'cancelled');
      if (match) return { job: await this.#rerun(match, emit), resumed: true };
    }
    const inputs = await this.#collect(params);
    if (inputs.length === 0) {
      const where = params.input.type === 'folder' ? params.input.folder : 'the selection';
      throw new KintsugiError('E_NOT_FOUND', `No image files to process in ${where}${params.input.type === 'folder' && params.input.glob ? ` matching ${params.input.glob}` : ''}`);
    }
    const outputs = planOutputs(inputs, this.#outputPlan(params), 1, new Set());
    this.#refuseOverwritingInputs(inputs, outputs);
    const jobId = this.#db.transaction(() => {
      const id = repo.insertJob(this.#db, {
        kind: params.operation.kind,
        name: name ?? defaultName(params, inputs.length),
        params,
        paramsKey: key,
        status: 'queued',
        ownerPid: this.#pid,
      });
      repo.appendItems(this.#db, id, inputs.map((input, i) => ({ ...input, outputPath: outputs[i] as string })));
      return id;
    })();
    return { job: this.#enqueue(jobId, emit), resumed: false };
  }

  list(): BatchJob[] {
    return repo.listJobs(this.#db).map((j) => this.#withCounts(j));
  }

  get(jobId: number): BatchJob {
    return this.#withCounts(this.#record(jobId));
  }

  items(q: ItemsQuery): { total: number; items: BatchItem[] } {
    this.#record(q.jobId);
    const page = repo.listItems(this.#db, q);
    return { total: page.total, items: page.items.map(toItem) };
  }

  /** Pause a running or queued job; answers once the file in progress has stopped. */
  async pause(jobId: number): Promise<BatchJob> {
    return this.#stop(jobId, 'paused');
  }

  /** Stop a job for good; answers once the file in progress has stopped. */
  async cancel(jobId: number): Promise<BatchJob> {
    return this.#stop(jobId, 'cancelled');
  }

  async resume(jobId: number, emit: Emit): Promise<BatchJob> {
    const job = this.#record(jobId);
    if (this.#isHere(jobId)) return this.get(jobId);
    this.#assertResumable(job, 'resume');
    return this.#enqueue(jobId, emit);
  }

  async retryFailed(jobId: number, emit: Emit): Promise<BatchJob> {
    const job = this.#record(jobId);
    this.#assertResumable(job, 'retry its failed files');
    repo.resetFailedItems(this.#db, jobId);
    // A job running here picks them up as it goes on: they are pending again, in their place in the order.
    if (this.#isHere(jobId)) return this.get(jobId);
    return this.#enqueue(jobId, emit);
  }

  remove(jobId: number): boolean {
    const job = repo.getJob(this.#db, jobId);
    if (!job) return false;
    if (this.#isHere(jobId) || this.#runByOther(job)) throw busy(job, 'be removed; pause or cancel it first');
    this.#emitters.delete(jobId);
    return repo.deleteJob(this.#db, jobId);
  }

  /** Write the failed and skipped files of a job, with codes and reasons, as CSV or JSON. */
  async exportLog(req: { jobId: number; path: string; format: 'csv' | 'json'; overwrite: boolean }): Promise<{ path: string; bytes: number; entries: number }> {
    const job = this.#record(req.jobId);
    const { items } = repo.listItems(this.#db, { jobId: job.id, statuses: ['failed', 'skipped'], offset: 0, limit: -1 });
    const text = formatErrorLog(job, items.map(toItem), req.format);
    const dest = resolve(req.path);
    const existing = await stat(dest).then((s) => s, () => null);
    if (existing?.isDirectory()) throw new KintsugiError('E_INVALID_ARGUMENT', `Cannot write the log to ${dest}: it is a folder`);
    if (existing && !req.overwrite) {
      throw new KintsugiError('E_INVALID_ARGUMENT', `${basename(dest)} already exists: choose another name or allow overwriting`, { exists: true });
    }
    const data = Buffer.from(text, 'utf8');
    try {
      await writeFileAtomic(dest, data);
    } catch (err) {
      throw writeError(err, dest);
    }
    return { path: dest, bytes: data.length, entries: items.length };
  }

  /** An item's input, or its result once done, as the renderer can show it. */
  async itemMedia(which: 'input' | 'output', itemId: number): Promise<MediaBytes> {
    const item = repo.getItem(this.#db, itemId);
    if (!item) throw new KintsugiError('E_NOT_FOUND', `No batch item ${itemId}`);
    if (which === 'output' && (item.status !== 'done' || item.tempPath !== null)) {
      throw new KintsugiError('E_NOT_FOUND', `${item.relativePath} has no result yet (${item.status})`);
    }
    const path = which === 'input' ? item.inputPath : item.outputPath;
    const probe = await probeImage(path);
    return fileMedia(path, probe.format, probe.orientation);
  }

  /**
   * The app is closing: stop the running job where it stands and wait for its run loop to let go of the library, so
   * nothing writes to a closed database. This process's jobs still queued or running become paused as interrupted
   * (the file in progress is settled at the next start, exactly as after a crash); a job that already ended keeps
   * its status and reason (completed, or paused on a full disk with its E_IO). Resolves with the jobs it paused.
   */
  async close(): Promise<number[]> {
    if (this.#closed) return [];
    this.#closed = true;
    const active = this.#active;
    active?.controller.abort();
    const paused: number[] = [];
    for (const jobId of [...this.#queue, ...(active ? [active.jobId] : [])]) {
      const status = repo.getJob(this.#db, jobId)?.status;
      if (status !== 'queued' && status !== 'running') continue;
      repo.setJobState(this.#db, jobId, { status: 'paused', pauseReason: 'interrupted', error: null, ownerPid: null });
      paused.push(jobId);
    }
    this.#queue.length = 0;
    await active?.done;
    return paused;
  }

  // --- internals ---

  #record(jobId: number): BatchJobRecord {
    const job = repo.getJob(this.#db, jobId);
    if (!job) throw new KintsugiError('E_NOT_FOUND', `No batch job ${jobId}`);
    return job;
  }

  #withCounts(record: BatchJobRecord): BatchJob {
    const { paramsKey: _key, ownerPid: _pid, ...job } = record;
    return { ...job, counts: repo.countItems(this.#db, record.id) };
  }

  /** Queued or running in this process. */
  #isHere(jobId: number): boolean {
    return this.#active?.jobId === jobId || this.#queue.includes(jobId);
  }

  /** Queued or running in another Kintsugi process that still lives (a CLI beside the app). */
  #runByOther(job: BatchJobRecord): boolean {
    return (
      (job.status === 'queued' || job.status === 'running') &&
      job.ownerPid !== null &&
      job.ownerPid !== this.#pid &&
      this.#isAlive(job.ownerPid)
    );
  }

  #assertResumable(job: BatchJobRecord, action: string): void {
    if (this.#runByOther(job)) {
      throw new KintsugiError('E_BUSY', `Batch ${job.id} is running in another Kintsugi process (pid ${job.ownerPid})`);
    }
    if (job.status === 'cancelled') throw busy(job, `${action}; create a new batch instead`);
  }

  #emit(jobId: number): Emit {
    return this.#emitters.get(jobId) ?? (() => {});
  }

  #changed(jobId: number): BatchJob {
    const job = this.get(jobId);
    this.#emit(jobId)('batch.changed', job);
    return job;
  }

  /**
   * A job that went through all its files is completed, unless every one of them failed: then nothing was made and
   * it failed, saying why with the first file's reason (the rest are in its problems list and error log).
   */
  #drainedState(jobId: number): Omit<JobState, 'ownerPid'> {
    const counts = repo.countItems(this.#db, jobId);
    if (counts.total === 0 || counts.failed < counts.total) return { status: 'completed', pauseReason: null, error: null };
    const [first] = repo.listItems(this.#db, { jobId, statuses: ['failed'], offset: 0, limit: 1 }).items;
    const code = isErrorCode(first?.code) ? first.code : 'E_INTERNAL';
    const files = counts.total === 1 ? 'The file' : `All ${counts.total} files`;
    return { status: 'failed', pauseReason: null, error: { code, message: `${files} failed, nothing was written. ${first?.relativePath}: ${first?.reason}` } };
  }

  #setState(jobId: number, state: Omit<JobState, 'ownerPid'> & { ownerPid?: number | null }): void {
    repo.setJobState(this.#db, jobId, { ownerPid: null, ...state });
  }

  async #validate(params: BatchParams): Promise<void> {
    const op = params.operation;
    if (params.input.type === 'folder' && resolve(params.input.folder) === resolve(params.output.folder)) {
      throw new KintsugiError(
        'E_INVALID_ARGUMENT',
        'The output folder must not be the input folder: results would mix with the originals and be taken for inputs by a re-run',
      );
    }
    if (op.kind === 'inpaint') {
      await this.#inpaintEngines.choose(op.engine, op.mode);
      await ensureFolder(op.masksFolder, 'masks folder');
    } else {
      const references = op.referencePaths.length + op.referenceImageIds.length;
      if ((op.engine === REFERENCE_ENGINE) !== references > 0) {
        throw new KintsugiError('E_INVALID_ARGUMENT', `The reference engine, and only it, takes colour reference photos (engine: ${op.engine})`);
      }
      if ((op.engine === HINTS_ENGINE) !== (op.hintsPresetId !== undefined)) {
        throw new KintsugiError('E_INVALID_ARGUMENT', `The hints engine, and only it, takes a colour-hint preset (engine: ${op.engine})`);
      }
      op.referenceImageIds.forEach((id) => this.#images.get(id));
      this.#colorizers.check(op);
    }
    try {
      await mkdir(params.output.folder, { recursive: true });
    } catch (err) {
      throw new KintsugiError('E_IO', writeError(err, params.output.folder).message);
    }
  }

  #collect(params: BatchParams): Promise<CollectedInput[]> {
    return collectInputs(params.input, this.#images, params.output.folder);
  }

  #outputPlan(params: BatchParams) {
    return { folder: params.output.folder, namePattern: params.output.namePattern, format: params.output.format, engine: params.operation.engine };
  }

  /** Originals are never modified: no planned output may be one of the inputs (compared without case, to be safe). */
  #refuseOverwritingInputs(inputs: readonly CollectedInput[], outputs: readonly string[]): void {
    const originals = new Set(inputs.map((i) => resolve(i.inputPath).toLowerCase()));
    const clash = outputs.find((o) => originals.has(o.toLowerCase()));
    if (clash) throw new KintsugiError('E_INVALID_ARGUMENT', `The output ${clash} would overwrite an input: choose another output folder or name pattern`);
  }

  /**
   * Run an existing job with the same parameters again (the CLI's re-run): files that appeared in its folder since
   * are added at the end, failed ones are retried, finished ones stay finished.
   */
  async #rerun(job: BatchJobRecord, emit: Emit): Promise<BatchJob> {
    if (this.#isHere(job.id)) return this.get(job.id);
    this.#assertResumable(job, 'run again');
    const inputs = await this.#collect(job.params);
    const known = new Set(repo.listItems(this.#db, { jobId: job.id, offset: 0, limit: -1 }).items.map((i) => i.inputPath));
    const fresh = inputs.filter((i) => !known.has(i.inputPath));
    if (fresh.length > 0) {
      const taken = new Set(repo.listOutputPaths(this.#db, job.id).map((p) => p.toLowerCase()));
      const first = repo.countItems(this.#db, job.id).total + 1;
      const outputs = planOutputs(fresh, this.#outputPlan(job.params), first, taken);
      this.#refuseOverwritingInputs(inputs, outputs);
      repo.appendItems(this.#db, job.id, fresh.map((input, i) => ({ ...input, outputPath: outputs[i] as string })));
    }
    repo.resetFailedItems(this.#db, job.id);
    return this.#enqueue(job.id, emit);
  }

  /** Mark a job queued by this process and start it when nothing else runs here. */
  #enqueue(jobId: number, emit: Emit): BatchJob {
    if (this.#closed) throw new KintsugiError('E_BUSY', 'Kintsugi is closing');
    this.#emitters.set(jobId, emit);
    this.#setState(jobId, { status: 'queued', pauseReason: null, error: null, ownerPid: this.#pid });
    this.#queue.push(jobId);
    this.#pump();
    return this.#changed(jobId);
  }

  #pump(): void {
    if (this.#active || this.#closed) return;
    const jobId = this.#queue.shift();
    if (jobId === undefined) return;
    const active: ActiveRun = { jobId, controller: new AbortController(), stopAs: null, done: Promise.resolve() };
    this.#active = active;
    active.done = this.#run(active)
      .catch((err: unknown) => {
        if (!this.#closed) this.#log(`batch ${jobId} stopped on an unexpected error: ${toErrorData(err).message}`);
      })
      .finally(() => {
        this.#active = null;
        this.#pump();
      });
  }

  async #stop(jobId: number, as: 'paused' | 'cancelled'): Promise<BatchJob> {
    const job = this.#record(jobId);
    const active = this.#active;
    if (active?.jobId === jobId) {
      active.stopAs = as;
      active.controller.abort();
      await active.done;
      return this.get(jobId);
    }
    if (this.#runByOther(job)) throw new KintsugiError('E_BUSY', `Batch ${jobId} is running in another Kintsugi process (pid ${job.ownerPid})`);
    const stoppable: BatchStatus[] = as === 'paused' ? ['queued', 'running', 'paused'] : ['queued', 'running', 'paused', 'failed', 'cancelled'];
    if (!stoppable.includes(job.status)) throw busy(job, as === 'paused' ? 'be paused' : 'be cancelled');
    if (job.status === (as === 'paused' ? 'paused' : 'cancelled')) return this.get(jobId);
    const queued = this.#queue.indexOf(jobId);
    if (queued >= 0) this.#queue.splice(queued, 1);
    this.#setState(jobId, { status: as, pauseReason: as === 'paused' ? 'user' : null, error: null });
    this.#progress(jobId, null, null);
    return this.#changed(jobId);
  }

  #openProcessor(job: BatchJobRecord): Promise<BatchProcessor> | BatchProcessor {
    const op = job.params.operation;
    if (op.kind === 'inpaint') return this.#inpaintEngines.choose(op.engine, op.mode).then((engine) => openInpaintProcessor(op, engine, this.#spawnInpaintWorker));
    const references = [...op.referencePaths, ...op.referenceImageIds.map((id) => this.#images.get(id).path)];
    return this.#colorizers.open(op, references).then((colorizer) => colorizeProcessor(op, colorizer));
  }

  #progress(jobId: number, meter: Throughput | null, current: BatchProgress['current']): void {
    const job = this.#record(jobId);
    const counts = repo.countItems(this.#db, jobId);
    this.#emit(jobId)('batch.progress', {
      jobId,
      status: job.status,
      counts,
      imagesPerMinute: meter?.imagesPerMinute() ?? null,
      etaSeconds: meter?.etaSeconds(counts.pending + counts.running) ?? null,
      current,
    });
  }

  async #run(active: ActiveRun): Promise<void> {
    const { jobId } = active;
    this.#setState(jobId, { status: 'running', pauseReason: null, error: null, ownerPid: this.#pid });
    this.#changed(jobId);
    const job = this.#record(jobId);
    let processor: BatchProcessor;
    try {
      await settleItems(this.#db, jobId);
      processor = await this.#openProcessor(job);
    } catch (err) {
      if (this.#closed) return;
      const { code, message } = toErrorData(err);
      this.#setState(jobId, { status: 'failed', pauseReason: null, error: { code, message } });
      this.#progress(jobId, null, null);
      this.#changed(jobId);
      return;
    }
    const meter = new Throughput();
    let lastProgress = 0;
    let end: RunEnd | { kind: 'error'; error: { code: ErrorCode; message: string } };
    try {
      this.#progress(jobId, meter, null);
      end = await runItems(jobId, {
        db: this.#db,
        processor,
        output: job.params.output,
        signal: active.controller.signal,
        hooks: {
          onItemStart: (item) => this.#progress(jobId, meter, { itemId: item.id, relativePath: item.relativePath, fraction: 0, stage: 'starting' }),
          onItemProgress: (item, fraction, stage) => {
            const now = performance.now();
            if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
            lastProgress = now;
            this.#progress(jobId, meter, { itemId: item.id, relativePath: item.relativePath, fraction, stage });
          },
          onItemFinished: (item) => {
            meter.record();
            this.#emit(jobId)('batch.itemFinished', toItem(item));
            this.#progress(jobId, meter, null);
          },
        },
      });
    } catch (err) {
      // Not a file's fault (those are recorded on the file): the library or the runner itself failed.
      const { code, message } = toErrorData(err);
      end = { kind: 'error', error: { code, message } };
    } finally {
      await processor.close();
    }
    if (this.#closed) return;
    if (end.kind === 'drained') this.#setState(jobId, this.#drainedState(jobId));
    else if (end.kind === 'error') this.#setState(jobId, { status: 'failed', pauseReason: null, error: end.error });
    else if (end.kind === 'output-error') {
      this.#setState(jobId, { status: 'paused', pauseReason: 'error', error: { code: end.error.code, message: end.error.message } });
    }
    else if (active.stopAs === 'cancelled') this.#setState(jobId, { status: 'cancelled', pauseReason: null, error: null });
    else this.#setState(jobId, { status: 'paused', pauseReason: 'user', error: null });
    this.#progress(jobId, meter, null);
    this.#changed(jobId);
  }
}
