import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { MAX_GENERATE_COUNT, MAX_GENERATE_SEED } from '../../../src-shared/contract/index.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import { sampleFileName } from '../../generate/generate-service.js';
import { encodeRgbPng } from '../../images/rgb-pixels.js';
import { writeFileAtomic } from '../../images/write-atomic.js';
import { BACKEND_HELP, BACKEND_OPTION, DATA_DIR_HELP, DATA_DIR_OPTION, intOption, stringOption } from '../common-options.js';
import type { CliIo, Command, ParsedArgs } from '../command.js';
import { openCliApp } from '../open-cli-app.js';

const DEFAULT_COUNT = 8;
const DEFAULT_SEED = 1;

function required(args: ParsedArgs, name: string): string {
  const value = stringOption(args, name);
  if (value === undefined || value.trim() === '') throw new KintsugiError('E_INVALID_ARGUMENT', `--${name} is required (see kintsugi generate --help)`);
  return value;
}

/** Sample 0…N−1 of a seed as PNG files; checked before the library is opened, then the images are written as they come. */
async function runGenerate(args: ParsedArgs, io: CliIo): Promise<number> {
  const modelId = intOption(args, 'model', 1, Number.MAX_SAFE_INTEGER);
  if (modelId === undefined) throw new KintsugiError('E_INVALID_ARGUMENT', '--model is required: a GAN model id from kintsugi models list --kind gan');
  const out = resolve(required(args, 'out'));
  const count = intOption(args, 'count', 1, MAX_GENERATE_COUNT) ?? DEFAULT_COUNT;
  const seed = intOption(args, 'seed', 0, MAX_GENERATE_SEED) ?? DEFAULT_SEED;
  const app = await openCliApp(args, io);
  try {
    const images = await app.generate.sampleImages({ modelId, count, seed });
    await mkdir(out, { recursive: true });
    for (const [index, image] of images.entries()) {
      const path = join(out, sampleFileName(seed, index));
      await writeFileAtomic(path, await encodeRgbPng(image));
      io.out(`Wrote ${path}`);
    }
    return 0;
  } finally {
    await app.close();
  }
}

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Generate new images with a trained GAN model, as PNG files.',
  usage: 'kintsugi generate --model ID --out DIR [--count N] [--seed S]',
  optionHelp: [
    '--model ID         a GAN model (kintsugi models list --kind gan)',
    '--out DIR          folder for the PNG files (created when missing; files of the same name are replaced)',
    `--count N          how many images, 1 to ${MAX_GENERATE_COUNT} (default ${DEFAULT_COUNT})`,
    `--seed S           0 to ${MAX_GENERATE_SEED} (default ${DEFAULT_SEED}); the same seed always gives the same images`,
    'Files are named generated-seed<S>-<index>.png.',
    DATA_DIR_HELP,
    BACKEND_HELP,
  ],
  options: { ...DATA_DIR_OPTION, ...BACKEND_OPTION, model: { type: 'string' }, out: { type: 'string' }, count: { type: 'string' }, seed: { type: 'string' } },
  allowPositionals: false,
  run: runGenerate,
};
