import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { InpaintModeSchema, type InpaintMode } from '../../../src-shared/contract/index.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import { parseModelEngineId } from '../../../src-shared/models/engine-id.js';
import { InpaintEngineCatalog, type InpaintEngineChoice } from '../../inpaint/inpaint-engines.js';
import { inpaintFile, type InpaintFileRequest } from '../../inpaint/inpaint-file.js';
import {
  BATCH_FOLDER_HELP,
  BATCH_FOLDER_OPTIONS,
  BATCH_FORMAT_HELP,
  BATCH_FORMAT_OPTIONS,
  batchFolderParams,
  folderOnlyOption,
  refuseOverwriteInFolderMode,
  runBatchFromCli,
  SINGLE_FILE_HELP,
  SINGLE_FILE_OPTIONS,
} from '../batch-cli.js';
import { DATA_DIR_HELP, DATA_DIR_OPTION, intOption, stringOption } from '../common-options.js';
import type { CliIo, Command, ParsedArgs } from '../command.js';
import { openCliApp } from '../open-cli-app.js';
import { writtenLine } from '../written-line.js';
import { clearProgress, progressLine } from '../progress-line.js';

type Settings = Omit<InpaintFileRequest, 'image' | 'mask' | 'out' | 'model' | 'overwrite'>;

interface Paths {
  image: string;
  mask: string;
  out: string;
}

function usageError(io: CliIo, message: string): number {
  io.err(`kintsugi inpaint: ${message} (see kintsugi inpaint --help)`);
  return 2;
}

/**
 * The engine `--engine` names, able to work in `mode`. A learned one (`model-<id>`) is looked up in the library,
 * so a wrong name fails before any file is read.
 */
async function chooseEngine(id: string, mode: InpaintMode, args: ParsedArgs, io: CliIo): Promise<InpaintEngineChoice> {
  if (parseModelEngineId(id) === null) return new InpaintEngineCatalog({ backend: 'auto' }).choose(id, mode);
  const app = await openCliApp(args, io);
  try {
    return await app.inpaintEngines.choose(id, mode);
  } finally {
    await app.close();
  }
}

async function settingsFrom(args: ParsedArgs, io: CliIo): Promise<{ settings: Settings; engine: InpaintEngineChoice }> {
  const green = stringOption(args, 'green') !== undefined;
  const tolerance = intOption(args, 'tolerance', 0, 128);
  if (tolerance !== undefined && !green) throw new KintsugiError('E_INVALID_ARGUMENT', '--tolerance applies to --green masks only');
  const modeText = stringOption(args, 'mode') ?? 'fill';
  const mode = InpaintModeSchema.safeParse(modeText);
  if (!mode.success) throw new KintsugiError('E_INVALID_ARGUMENT', `--mode must be fill or mosaic, got "${modeText}"`);
  const engine = await chooseEngine(stringOption(args, 'engine') ?? 'patchmatch', mode.data, args, io);
  const settings = {
    maskKind: green ? ('green' as const) : ('mask' as const),
    tolerance: tolerance ?? 0,
    engine: engine.info.id,
    mode: mode.data,
    seed: intOption(args, 'seed', 0, 2 ** 31 - 1) ?? 1,
  };
  return { settings, engine };
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new KintsugiError('E_NOT_FOUND', `Not found: ${path}`);
    throw err;
  }
}

/**
 * Folder mode, a batch job in the library: every image in `paths.image` with the mask of the same name stem in
 * `paths.mask` (same subfolder, else the top; PNG first), written under the same name in `paths.out`. A file that
 * fails is listed and the rest go on; the same command run again continues an interrupted job.
 */
async function inpaintFolder(paths: Paths, settings: Settings, args: ParsedArgs, io: CliIo): Promise<number> {
  if (!(await isFolder(paths.mask))) throw new KintsugiError('E_INVALID_ARGUMENT', `With a folder of images, --${settings.maskKind === 'green' ? 'green' : 'mask'} must be a folder too`);
  const app = await openCliApp(args, io);
  try {
    const operation = { kind: 'inpaint' as const, masksFolder: paths.mask, ...settings };
    return await runBatchFromCli(app, { ...batchFolderParams(args, paths.image, paths.out), operation }, io, 'Inpainted');
  } finally {
    await app.close();
  }
}

export const inpaintCommand: Command = {
  name: 'inpaint',
  summary: 'Repair the masked parts of an image file, or of a folder of them, without importing them.',
  usage:
    'kintsugi inpaint --image IN (--mask MASK.png | --green GREEN.png [--tolerance N]) --out OUT [--engine ID] [--mode fill|mosaic] [--seed N]\n' +
    '       kintsugi inpaint --image DIR (--mask DIR | --green DIR [--tolerance N]) --out DIR [--recursive] [--skip-existing] [...]\n' +
    '       (folder mode is a batch job in the library: run the same command again to continue an interrupted one)',
  optionHelp: [
    '--image PATH       the image to repair, or a folder of images',
    '--mask PATH        its mask: white = repair (a folder: matched to the images by file name stem)',
    '--green PATH       or a copy of the image painted pure green (#00FF00) where it needs repair',
    '--tolerance N      how far from pure green still counts, per channel, 0-128 (default 0; ~40 for JPEG copies)',
    '--out PATH         the output file (format from its extension: .png .jpg .webp .tif), or a folder',
    '--engine ID        patchmatch (default), diffusion (fast, for thin scratches), or model-<id>: an inpainting model you trained',
    '--mode MODE        fill (default), or mosaic: the hole holds a pixelated version of what was there',
    '--seed N           random seed (default 1): the same seed gives the same result',
    ...SINGLE_FILE_HELP,
    ...BATCH_FOLDER_HELP,
    ...BATCH_FORMAT_HELP,
    DATA_DIR_HELP,
  ],
  options: {
    ...DATA_DIR_OPTION,
    image: { type: 'string' },
    mask: { type: 'string' },
    green: { type: 'string' },
    tolerance: { type: 'string' },
    out: { type: 'string' },
    engine: { type: 'string' },
    mode: { type: 'string' },
    seed: { type: 'string' },
    ...SINGLE_FILE_OPTIONS,
    ...BATCH_FOLDER_OPTIONS,
    ...BATCH_FORMAT_OPTIONS,
  },
  allowPositionals: false,
  async run(args, io) {
    const image = stringOption(args, 'image');
    const out = stringOption(args, 'out');
    const mask = stringOption(args, 'mask');
    const green = stringOption(args, 'green');
    if (!image || !out) return usageError(io, 'give --image and --out');
    if ((mask === undefined) === (green === undefined)) return usageError(io, 'give exactly one of --mask or --green');
    const { settings, engine } = await settingsFrom(args, io);
    const paths = { image, mask: (mask ?? green) as string, out };
    if (await isFolder(image)) {
      refuseOverwriteInFolderMode(args);
      return inpaintFolder(paths, settings, args, io);
    }
    const folderOnly = folderOnlyOption(args) ?? Object.keys(BATCH_FORMAT_OPTIONS).find((name) => args.values[name] !== undefined);
    if (folderOnly) return usageError(io, `--${folderOnly} applies to folder mode only (the format follows --out's extension)`);
    const written = await inpaintFile({ ...settings, ...paths, overwrite: args.values.overwrite === true, model: engine.model }, { onProgress: progressLine(io, basename(image)) }).finally(() =>
      clearProgress(io),
    );
    io.out(writtenLine(written));
    return 0;
  },
};
