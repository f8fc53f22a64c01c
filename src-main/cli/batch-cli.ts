import type {
  BatchFormat,
  BatchJob,
  BatchParamsInput,
  BatchStatus,
  EventName,
  EventOf,
} from '../../src-shared/contract/index.js';
import { KintsugiError } from '../../src-shared/errors.js';
import type { App } from '../app/create-app.js';
import type { CliIo, OptionSpecs, ParsedArgs } from './command.js';
import { intOption, stringOption } from './common-options.js';
import { call } from './invoke.js';
import { clearProgress } from './progress-line.js';

/** Options only folder mode has. */
export const BATCH_FOLDER_OPTIONS: OptionSpecs = {
  recursive: { type: 'boolean' },
  'skip-existing': { type: 'boolean' },
  'name-pattern': { type: 'string' },
};

export const BATCH_FOLDER_HELP = [
  '--recursive        folder mode: also the images in subfolders (the output folder mirrors the tree)',
  '--skip-existing    folder mode: leave outputs that exist already (default: replace them)',
  '--name-pattern P   folder mode: output names, from {name} {ext} {index} {engine} (default {name})',
];

/** Only one-file mode has `--overwrite`: folder mode replaces existing outputs unless `--skip-existing`. */
export const SINGLE_FILE_OPTIONS: OptionSpecs = { overwrite: { type: 'boolean' } };

export const SINGLE_FILE_HELP = ['--overwrite        one file: replace --out when it exists (default: refuse, before any work)'];

/** `--overwrite` in folder mode, where it means nothing. */
export function refuseOverwriteInFolderMode(args: ParsedArgs): void {
  if (args.values.overwrite !== undefined) throw new KintsugiError('E_INVALID_ARGUMENT', '--overwrite applies to one file; in folder mode outputs are replaced unless --skip-existing');
}

/** `--format` and `--quality`, which folder mode reads too (batchFolderParams). */
export const BATCH_FORMAT_OPTIONS: OptionSpecs = { format: { type: 'string' }, quality: { type: 'string' } };

export const BATCH_FORMAT_HELP = [
  '--format FORMAT    folder mode: png, jpg, webp or tif (default: the format of each input)',
  '--quality N        folder mode: JPEG and WebP quality, 1-100 (default 92)',
];

/** The folder-only option the command line holds, if any (to refuse it outside folder mode). */
export function folderOnlyOption(args: ParsedArgs): string | undefined {
  return Object.keys(BATCH_FOLDER_OPTIONS).find((name) => args.values[name] !== undefined);
}

const FORMATS: Record<string, BatchFormat> = { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp', tif: 'tiff', tiff: 'tiff', same: 'same' };

/** The input and output parts of a folder batch from the command line. */
export function batchFolderParams(args: ParsedArgs, folder: string, out: string): Pick<BatchParamsInput, 'input' | 'output'> {
  const formatText = stringOption(args, 'format') ?? 'same';
  const format = FORMATS[formatText.toLowerCase()];
  if (!format) throw new KintsugiError('E_INVALID_ARGUMENT', `--format must be png, jpg, webp or tif, got "${formatText}"`);
  const quality = intOption(args, 'quality', 1, 100);
  const namePattern = stringOption(args, 'name-pattern');
  return {
    input: { type: 'folder', folder, recursive: args.values.recursive === true },
    output: {
      folder: out,
      format,
      existing: args.values['skip-existing'] === true ? 'skip' : 'overwrite',
      ...(quality !== undefined ? { quality } : {}),
      ...(namePattern !== undefined ? { namePattern } : {}),
    },
  };
}

/** Where a CLI batch stops waiting: the job ended, or paused on an error the user must fix first. */
const STOPPED: readonly BatchStatus[] = ['completed', 'paused', 'cancelled', 'failed'];

function startLine(job: BatchJob, resumed: boolean): string {
  const { total, done, skipped, failed } = job.counts;
  if (!resumed) return `Batch #${job.id}: ${total} files`;
  return `Batch #${job.id}: continuing (${done} done, ${skipped} skipped before; ${total - done - skipped - failed} to do)`;
}

/**
 * Run a folder batch from the command line: the same command run again continues its job (the job is found by its
 * normalised parameters), adding new files and retrying failed ones, never redoing finished ones. Each file is listed
 * as it finishes (`+` done, `~` skipped, `!` failed, on stderr). Exit code 1 when any file failed or the job could
 * not finish (e.g. an unwritable output folder, reported with its code).
 */
export async function runBatchFromCli(app: App, params: BatchParamsInput, io: CliIo, verb: string): Promise<number> {
  let jobId: number | undefined;
  let settle: (job: BatchJob) => void = () => {};
  const ended = new Promise<BatchJob>((resolve) => {
    settle = resolve;
  });
  const emit = <E extends EventName>(event: E, payload: EventOf<E>): void => {
    if (event === 'batch.itemFinished') {
      const item = payload as EventOf<'batch.itemFinished'>;
      clearProgress(io);
      if (item.status === 'done') io.out(`  + ${item.relativePath} -> ${item.outputPath}${item.reason ? ` (${item.reason})` : ''}`);
      else if (item.status === 'skipped') io.out(`  ~ ${item.relativePath}: skipped (${item.reason ?? item.code})`);
      else io.err(`  ! ${item.relativePath}: ${item.code} ${item.reason}`);
    } else if (event === 'batch.progress' && io.isTty) {
      const { current, counts } = payload as EventOf<'batch.progress'>;
      const finished = counts.done + counts.failed + counts.skipped;
      if (current) process.stderr.write(`\r  [${finished}/${counts.total}] ${current.relativePath.slice(-40)} ${String(Math.round(current.fraction * 100)).padStart(3)}%`.padEnd(79));
    } else if (event === 'batch.changed') {
      const job = payload as EventOf<'batch.changed'>;
      if (job.id === jobId && STOPPED.includes(job.status)) settle(job);
    }
  };

  const { job, resumed } = await call(app, 'batch.create', { ...params, resumeMatching: true }, emit);
  jobId = job.id;
  io.out(startLine(job, resumed));
  // It may have ended before the id was known (nothing left to do).
  const now = await call(app, 'batch.get', { jobId: job.id });
  const last = STOPPED.includes(now.status) ? now : await ended;
  clearProgress(io);
  if (last.status === 'failed' && last.error) throw new KintsugiError(last.error.code, last.error.message);
  const { done, skipped, failed } = last.counts;
  io.out(`${verb} ${done}, skipped ${skipped}, failed ${failed}`);
  if (last.status === 'paused' && last.error) {
    io.err(`kintsugi: ${last.error.code}: ${last.error.message}`);
    io.err('kintsugi: fix that and run the same command again to continue where it stopped');
    return 1;
  }
  return failed > 0 ? 1 : 0;
}
