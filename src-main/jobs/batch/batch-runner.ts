import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { BatchOutput } from '../../../src-shared/contract/index.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import { encodeExport, writeError } from '../../images/export-image.js';
import { probeImage } from '../../images/probe.js';
import { decodeRgb, encodeRgbPng } from '../../images/rgb-pixels.js';
import { tempPathBeside } from '../../images/write-atomic.js';
import * as repo from '../../library/batch-jobs-repo.js';
import type { BatchItemRecord } from '../../library/batch-jobs-repo.js';
import { toErrorData } from '../../router/error-mapping.js';
import { outputFormat } from './output-names.js';
import type { BatchProcessor, ProgressListener, SkipReason } from './processor.js';

export interface RunnerHooks {
  onItemStart(item: BatchItemRecord): void;
  onItemProgress(item: BatchItemRecord, fraction: number, stage: string): void;
  /** The item's row as committed (done, failed or skipped). */
  onItemFinished(item: BatchItemRecord): void;
}

export interface RunnerOptions {
  db: Database;
  processor: BatchProcessor;
  output: BatchOutput;
  /** Aborted to stop (pause, cancel, app closing): the file in progress goes back to pending. */
  signal: AbortSignal;
  hooks: RunnerHooks;
}

/**
 * How a run of a job's items ended: every pending file was processed; it was stopped through the signal; or an output
 * could not be written (folder read-only, disk full), which would fail every file alike, so the job stops instead.
 */
export type RunEnd = { kind: 'drained' } | { kind: 'stopped' } | { kind: 'output-error'; error: KintsugiError };

class OutputError extends Error {
  readonly error: KintsugiError;

  constructor(error: KintsugiError) {
    super(error.message);
    this.error = error;
  }
}

/** writeError's message, as E_IO: a folder the OS will not let us write is not the app refusing a path. */
function outputError(err: unknown, dest: string): OutputError {
  return new OutputError(new KintsugiError('E_IO', writeError(err, dest).message));
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Written and flushed to the disk before the commit that marks the item done, so that commit never outruns it. */
async function writeDurably(path: string, data: Uint8Array): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The encoded result, or why the file is skipped. Everything here is about the input: a throw fails the file. */
async function produce(
  item: BatchItemRecord,
  opts: RunnerOptions,
  onProgress: ProgressListener,
): Promise<{ bytes: Buffer; notes: string[] } | { skip: SkipReason }> {
  if (opts.output.existing === 'skip' && (await exists(item.outputPath))) {
    return { skip: { code: 'output-exists', reason: `${basename(item.outputPath)} exists already and was left as it is` } };
  }
  // Header only: an oversized, empty or non-image file is refused with a clear message before any decode.
  await probeImage(item.inputPath);
  const image = await decodeRgb(item.inputPath, basename(item.inputPath));
  const outcome = await opts.processor.process({ image, inputPath: item.inputPath, relativePath: item.relativePath }, opts.signal, onProgress);
  if ('skip' in outcome) return outcome;
  const { format } = outputFormat(opts.output.format, item.inputPath);
  const version = await encodeRgbPng(outcome.image);
  const { data, notes } = await encodeExport({ original: item.inputPath, version, format, quality: opts.output.quality });
  return { bytes: data, notes };
}

/**
 * Put the result in place. The order makes a kill at any instant safe: the temp file is complete and flushed before
 * the commit that marks the item done; the rename comes after that commit, and the row keeps the temp name until the
 * rename is over, so a restart finishes it (settleItems). The final name never holds a half-written file.
 */
async function place(db: Database, item: BatchItemRecord, temp: string, result: { bytes: Buffer; notes: string[] }, durationMs: number): Promise<void> {
  const { bytes, notes } = result;
  try {
    await mkdir(dirname(item.outputPath), { recursive: true });
    await writeDurably(temp, bytes);
  } catch (err) {
    await rm(temp, { force: true });
    throw outputError(err, item.outputPath);
  }
  // A done file's reason says what its output lost against the input (8 bits of 16, one frame of many), if anything.
  repo.finishItem(db, item.id, { status: 'done', code: null, reason: notes.length > 0 ? notes.join('; ') : null, durationMs });
  try {
    await rename(temp, item.outputPath);
  } catch (err) {
    await rm(temp, { force: true });
    throw outputError(err, item.outputPath);
  }
  repo.clearItemTemp(db, item.id);
}

/** Process one pending item; null to go on, or how the run ends. */
async function runItem(item: BatchItemRecord, opts: RunnerOptions): Promise<RunEnd | null> {
  const { db, hooks } = opts;
  const started = performance.now();
  const temp = tempPathBeside(item.outputPath);
  repo.markItemRunning(db, item.id, temp);
  hooks.onItemStart(item);
  try {
    const result = await produce(item, opts, (fraction, stage) => hooks.onItemProgress(item, fraction, stage));
    const durationMs = performance.now() - started;
    if ('skip' in result) repo.finishItem(db, item.id, { status: 'skipped', ...result.skip, durationMs });
    else await place(db, item, temp, result, durationMs);
  } catch (err) {
    if (err instanceof OutputError) {
      // Not the file's fault: it stays to do once the folder can be written.
      repo.resetItem(db, item.id);
      return { kind: 'output-error', error: err.error };
    }
    if (opts.signal.aborted) {
      // Stopped mid-file: nothing of it was kept, so it is simply pending again.
      repo.resetItem(db, item.id);
      return { kind: 'stopped' };
    }
    const { code, message } = toErrorData(err);
    repo.finishItem(db, item.id, { status: 'failed', code, reason: message, durationMs: performance.now() - started });
  }
  hooks.onItemFinished(repo.getItem(db, item.id) as BatchItemRecord);
  return null;
}

/** Process a job's pending items one at a time, in order, until none is left, the signal stops it, or output fails. */
export async function runItems(jobId: number, opts: RunnerOptions): Promise<RunEnd> {
  for (;;) {
    if (opts.signal.aborted) return { kind: 'stopped' };
    const item = repo.nextPendingItem(opts.db, jobId);
    if (!item) return { kind: 'drained' };
    const end = await runItem(item, opts);
    if (end) return end;
  }
}

/**
 * Finish or undo what a crash left of a job's items: a running item goes back to pending (its partial temp file is
 * deleted); a done item whose rename may not have happened gets it now. Idempotent; for jobs no live process runs.
 */
export async function settleItems(db: Database, jobId: number): Promise<void> {
  for (const item of repo.unsettledItems(db, jobId)) {
    if (item.status === 'running') {
      if (item.tempPath) await rm(item.tempPath, { force: true });
      repo.resetItem(db, item.id);
    } else if (item.tempPath) {
      if (await exists(item.tempPath)) await rename(item.tempPath, item.outputPath);
      repo.clearItemTemp(db, item.id);
    }
  }
}
