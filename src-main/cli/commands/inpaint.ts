import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { InpaintModeSchema } from '../../../src-shared/contract/index.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import { hasImageExtension } from '../../../src-shared/formats.js';
import { findEngine } from '../../engines/inpaint/registry.js';
import { inpaintFile, type InpaintFileRequest } from '../../inpaint/inpaint-file.js';
import { toErrorData } from '../../router/error-mapping.js';
import { DATA_DIR_HELP, DATA_DIR_OPTION, intOption, stringOption } from '../common-options.js';
import type { CliIo, Command, ParsedArgs } from '../command.js';

type Settings = Omit<InpaintFileRequest, 'image' | 'mask' | 'out'>;

interface Paths {
  image: string;
  mask: string;
  out: string;
}

function usageError(io: CliIo, message: string): number {
  io.err(`kintsugi inpaint: ${message} (see kintsugi inpaint --help)`);
  return 2;
}

function settingsFrom(args: ParsedArgs): Settings {
  const green = stringOption(args, 'green') !== undefined;
  const tolerance = intOption(args, 'tolerance', 0, 128);
  if (tolerance !== undefined && !green) throw new KintsugiError('E_INVALID_ARGUMENT', '--tolerance applies to --green masks only');
  const modeText = stringOption(args, 'mode') ?? 'fill';
  const mode = InpaintModeSchema.safeParse(modeText);
  if (!mode.success) throw new KintsugiError('E_INVALID_ARGUMENT', `--mode must be fill or mosaic, got "${modeText}"`);
  // Checked here, once, so a wrong engine name fails before any file is read.
  const engine = findEngine(stringOption(args, 'engine') ?? 'patchmatch');
  if (!engine.info.modes.includes(mode.data)) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `${engine.info.name} cannot work in "${mode.data}" mode`);
  }
  return {
    maskKind: green ? 'green' : 'mask',
    tolerance: tolerance ?? 0,
    engine: engine.info.id,
    mode: mode.data,
    seed: intOption(args, 'seed', 0, 2 ** 31 - 1) ?? 1,
  };
}

/** Overwritten progress line on a terminal; nothing when stderr is a file or a pipe. */
function progressLine(io: CliIo, name: string) {
  return (fraction: number, stage: string) => {
    if (io.isTty) process.stderr.write(`\r  ${name.slice(-40)} ${String(Math.round(fraction * 100)).padStart(3)}% ${stage.slice(0, 30).padEnd(30)}`);
  };
}

function clearProgress(io: CliIo): void {
  if (io.isTty) process.stderr.write('\r'.padEnd(80) + '\r');
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new KintsugiError('E_NOT_FOUND', `Not found: ${path}`);
    throw err;
  }
}

/** The image files directly in a folder (not its subfolders), by name; hidden files are left out. */
async function imagesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.') && hasImageExtension(e.name))
    .map((e) => e.name)
    .sort();
}

function stem(name: string): string {
  return basename(name, extname(name));
}

/**
 * Folder mode: every image in `paths.image` with the mask of the same stem in `paths.mask` (`photo.jpg` takes
 * `photo.png`, PNG first when several match), written under the same name in `paths.out`. A file that fails is
 * listed and the rest go on.
 */
async function inpaintFolder(paths: Paths, settings: Settings, io: CliIo): Promise<number> {
  if (resolve(paths.out) === resolve(paths.image)) {
    throw new KintsugiError('E_INVALID_ARGUMENT', '--out must not be the --image folder: originals are never overwritten');
  }
  if (!(await isFolder(paths.mask))) throw new KintsugiError('E_INVALID_ARGUMENT', `With a folder of images, --${settings.maskKind === 'green' ? 'green' : 'mask'} must be a folder too`);
  await mkdir(paths.out, { recursive: true });
  const masks = new Map<string, string>();
  // Sorted so that `.png` (the lossless choice) wins over `.jpg` for the same stem.
  for (const name of (await imagesIn(paths.mask)).sort((a, b) => Number(extname(b) === '.png') - Number(extname(a) === '.png'))) {
    if (!masks.has(stem(name))) masks.set(stem(name), join(paths.mask, name));
  }
  const images = await imagesIn(paths.image);
  let failed = 0;
  for (const name of images) {
    try {
      const mask = masks.get(stem(name));
      if (!mask) throw new KintsugiError('E_NOT_FOUND', `no mask named ${stem(name)}.* in ${paths.mask}`);
      const written = await inpaintFile(
        { ...settings, image: join(paths.image, name), mask, out: join(paths.out, name) },
        { onProgress: progressLine(io, name) },
      );
      clearProgress(io);
      io.out(`  + ${name} -> ${written.path}`);
    } catch (err) {
      clearProgress(io);
      const { code, message } = toErrorData(err);
      io.err(`  ! ${name}: ${code} ${message}`);
      failed++;
    }
  }
  io.out(`Inpainted ${images.length - failed}, failed ${failed}`);
  return failed > 0 ? 1 : 0;
}

export const inpaintCommand: Command = {
  name: 'inpaint',
  summary: 'Repair the masked parts of an image file, or of a folder of them, without importing them.',
  usage:
    'kintsugi inpaint --image IN (--mask MASK.png | --green GREEN.png [--tolerance N]) --out OUT [--engine ID] [--mode fill|mosaic] [--seed N]\n' +
    '       kintsugi inpaint --image DIR (--mask DIR | --green DIR [--tolerance N]) --out DIR [...]',
  optionHelp: [
    '--image PATH       the image to repair, or a folder of images',
    '--mask PATH        its mask: white = repair (a folder: matched to the images by file name stem)',
    '--green PATH       or a copy of the image painted pure green (#00FF00) where it needs repair',
    '--tolerance N      how far from pure green still counts, per channel, 0-128 (default 0; ~40 for JPEG copies)',
    '--out PATH         the output file (format from its extension: .png .jpg .webp .tif), or a folder',
    '--engine ID        patchmatch (default) or diffusion (fast, for thin scratches)',
    '--mode MODE        fill (default), or mosaic: the hole holds a pixelated version of what was there',
    '--seed N           random seed (default 1): the same seed gives the same result',
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
  },
  allowPositionals: false,
  async run(args, io) {
    const image = stringOption(args, 'image');
    const out = stringOption(args, 'out');
    const mask = stringOption(args, 'mask');
    const green = stringOption(args, 'green');
    if (!image || !out) return usageError(io, 'give --image and --out');
    if ((mask === undefined) === (green === undefined)) return usageError(io, 'give exactly one of --mask or --green');
    const settings = settingsFrom(args);
    const paths = { image, mask: (mask ?? green) as string, out };
    if (await isFolder(image)) return inpaintFolder(paths, settings, io);
    const written = await inpaintFile({ ...settings, ...paths }, { onProgress: progressLine(io, basename(image)) }).finally(() =>
      clearProgress(io),
    );
    io.out(`Wrote ${written.path} (${written.bytes} bytes)`);
    return 0;
  },
};
