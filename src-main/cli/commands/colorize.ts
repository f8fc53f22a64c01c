import { basename } from 'node:path';
import { ExportFormatSchema, HINTS_ENGINE, modelEngineId, REFERENCE_ENGINE, type ExportFormat } from '../../../src-shared/contract/index.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import { defaultColorizeModel } from '../../colorize/colorize-engine.js';
import { OUTPUT_QUALITY } from '../../inpaint/inpaint-file.js';
import {
  BATCH_FOLDER_HELP,
  BATCH_FOLDER_OPTIONS,
  batchFolderParams,
  folderOnlyOption,
  refuseOverwriteInFolderMode,
  runBatchFromCli,
  SINGLE_FILE_HELP,
  SINGLE_FILE_OPTIONS,
} from '../batch-cli.js';
import { BACKEND_HELP, BACKEND_OPTION, DATA_DIR_HELP, DATA_DIR_OPTION, intOption, stringOption } from '../common-options.js';
import type { CliIo, Command, ParsedArgs } from '../command.js';
import { openCliApp } from '../open-cli-app.js';
import { writtenLine } from '../written-line.js';
import { clearProgress, progressLine } from '../progress-line.js';

function usageError(io: CliIo, message: string): number {
  io.err(`kintsugi colorize: ${message} (see kintsugi colorize --help)`);
  return 2;
}

/** `--format`: the export formats, plus the usual short names. */
function formatOption(args: ParsedArgs): ExportFormat | undefined {
  const raw = stringOption(args, 'format');
  if (raw === undefined) return undefined;
  const name = raw.toLowerCase();
  const parsed = ExportFormatSchema.safeParse(name === 'jpg' ? 'jpeg' : name === 'tif' ? 'tiff' : name);
  if (!parsed.success) throw new KintsugiError('E_INVALID_ARGUMENT', `--format must be png, jpeg, webp or tiff, got "${raw}"`);
  return parsed.data;
}

/** `--model ID` (a number from `kintsugi models list`, or `model-ID`) as an engine id. */
function modelOption(raw: string): string {
  const id = Number(raw.replace(/^model-/, ''));
  if (!Number.isInteger(id) || id < 1) throw new KintsugiError('E_INVALID_ARGUMENT', `--model takes a model id from kintsugi models list, got "${raw}"`);
  return modelEngineId(id);
}

/** `--hints-preset ID`: a colour-hint preset saved in the Editor (its id, as `hints.presets.list` gives it). */
function hintsPresetOption(args: ParsedArgs): number | undefined {
  return intOption(args, 'hints-preset', 1, Number.MAX_SAFE_INTEGER);
}

function referencesOption(args: ParsedArgs): string[] {
  const raw = args.values.reference;
  return Array.isArray(raw) ? raw.filter((r): r is string => typeof r === 'string') : [];
}

/**
 * `--in DIR`: every photo of the folder as a batch job in the library (one model or reference load for all); the
 * same command run again continues an interrupted job. Without --model, --reference or --hints-preset: the default
 * colorize model.
 */
async function colorizeFolder(
  args: ParsedArgs,
  io: CliIo,
  paths: { folder: string; out: string },
  engine: string | undefined,
  inputs: { references: string[]; hintsPresetId: number | undefined },
): Promise<number> {
  const raw = stringOption(args, 'already-colour') ?? 'skip';
  const alreadyColour = raw === 'skip' || raw === 'luminance' ? raw : null;
  if (!alreadyColour) throw new KintsugiError('E_INVALID_ARGUMENT', `--already-colour must be skip or luminance, got "${raw}"`);
  const app = await openCliApp(args, io);
  try {
    const chosen = engine ?? modelEngineId(defaultColorizeModel(app.models, 'give --reference colour photos').id);
    const { references, hintsPresetId } = inputs;
    const operation = { kind: 'colorize', engine: chosen, referencePaths: references, alreadyColour, ...(hintsPresetId !== undefined ? { hintsPresetId } : {}) } as const;
    return await runBatchFromCli(app, { ...batchFolderParams(args, paths.folder, paths.out), operation }, io, 'Colorized');
  } finally {
    await app.close();
  }
}

export const colorizeCommand: Command = {
  name: 'colorize',
  summary: 'Colorize a black-and-white photo file with a trained model, from colour reference photos or with a colour-hint preset.',
  usage:
    'kintsugi colorize --image IN --out OUT [--model ID | --reference IMG [--reference IMG ...] | --hints-preset ID] [--format FORMAT] [--quality N]\n' +
    '       kintsugi colorize --in DIR --out DIR [--recursive] [--model ID | --reference IMG ... | --hints-preset ID] [--format jpg] [--skip-existing]\n' +
    '       (folder mode is a batch job in the library: run the same command again to continue an interrupted one)',
  optionHelp: [
    '--image PATH       the photo to colorize (it keeps its own brightness and detail; only colour is added)',
    '--in DIR           or a folder of photos, colorized as a batch into the folder --out (default format: each input\'s)',
    '--out PATH         the output file; its format comes from the extension (.png .jpg .webp .tif) unless --format',
    '--model ID         a colorize model from `kintsugi models list` (default: the default colorize model)',
    '--reference PATH   a colour photo to take the colours from (the reference engine); repeat for several',
    '--hints-preset ID  colour hints saved as a preset in the Editor, placed on each photo at the same relative spots',
    '--format FORMAT    png, jpeg, webp or tiff',
    `--quality N        JPEG and WebP quality, 1-100 (default ${OUTPUT_QUALITY})`,
    ...SINGLE_FILE_HELP,
    ...BATCH_FOLDER_HELP,
    '--already-colour M folder mode: skip (default) photos that already have colour, or colorize their luminance',
    BACKEND_HELP,
    DATA_DIR_HELP,
  ],
  options: {
    ...DATA_DIR_OPTION,
    ...BACKEND_OPTION,
    image: { type: 'string' },
    out: { type: 'string' },
    model: { type: 'string' },
    reference: { type: 'string', multiple: true },
    'hints-preset': { type: 'string' },
    format: { type: 'string' },
    quality: { type: 'string' },
    in: { type: 'string' },
    'already-colour': { type: 'string' },
    ...SINGLE_FILE_OPTIONS,
    ...BATCH_FOLDER_OPTIONS,
  },
  allowPositionals: false,
  async run(args, io) {
    const image = stringOption(args, 'image');
    const folder = stringOption(args, 'in');
    const out = stringOption(args, 'out');
    if (!out || (image !== undefined && folder !== undefined)) return usageError(io, 'give --image FILE or --in FOLDER (not both), and --out');
    const model = stringOption(args, 'model');
    const references = referencesOption(args);
    const hintsPresetId = hintsPresetOption(args);
    if ([model !== undefined, references.length > 0, hintsPresetId !== undefined].filter(Boolean).length > 1) {
      return usageError(io, 'give one of --model, --reference or --hints-preset');
    }
    const engine = model !== undefined ? modelOption(model) : references.length > 0 ? REFERENCE_ENGINE : hintsPresetId !== undefined ? HINTS_ENGINE : undefined;
    if (folder !== undefined) {
      refuseOverwriteInFolderMode(args);
      return colorizeFolder(args, io, { folder, out }, engine, { references, hintsPresetId });
    }
    if (image === undefined) return usageError(io, 'give --image FILE or --in FOLDER (not both), and --out');
    const folderOnly = folderOnlyOption(args) ?? (args.values['already-colour'] !== undefined ? 'already-colour' : undefined);
    if (folderOnly) return usageError(io, `--${folderOnly} applies to --in folders only`);
    const request = { image, out, overwrite: args.values.overwrite === true, engine, references, hintsPresetId, format: formatOption(args), quality: intOption(args, 'quality', 1, 100) ?? OUTPUT_QUALITY };
    const app = await openCliApp(args, io);
    try {
      const written = await app.colorize.colorizeFile(request, { onProgress: progressLine(io, basename(image)) }).finally(() => clearProgress(io));
      io.out(writtenLine(written));
      return 0;
    } finally {
      await app.close();
    }
  },
};
