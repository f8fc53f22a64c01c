import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { BatchInput } from '../../../src-shared/contract/index.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import { hasImageExtension } from '../../../src-shared/formats.js';
import { isWithin } from '../../app/granted-file-access.js';
import { walkFiles } from '../../images/walk.js';
import type { ImageLookup } from '../../masks/masks-service.js';
import { globFilter } from './glob-filter.js';

export interface CollectedInput {
  inputPath: string;
  /** `/`-separated, relative to the input folder; the image's name for library images. */
  relativePath: string;
  imageId: number | null;
}

async function assertFolder(folder: string): Promise<void> {
  let isDir: boolean;
  try {
    isDir = (await stat(folder)).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new KintsugiError('E_NOT_FOUND', `The input folder does not exist: ${folder}`);
    throw err;
  }
  if (!isDir) throw new KintsugiError('E_INVALID_ARGUMENT', `The input is not a folder: ${folder}`);
}

/** The files directly in a folder, by name in code-point order like walkFiles; hidden ones left out. */
async function filesIn(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const names = entries.filter((e) => !e.name.startsWith('.') && (e.isFile() || e.isSymbolicLink())).map((e) => e.name);
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const files: string[] = [];
  for (const name of names) {
    // A symlink counts when it leads to a file; a dangling one is nothing.
    const isFile = await stat(join(folder, name)).then((s) => s.isFile(), () => false);
    if (isFile) files.push(join(folder, name));
  }
  return files;
}

/**
 * The inputs of a job, in processing order: the image files of a folder (its subfolders too when recursive; never
 * anything inside `exclude`, the output folder, so a re-run cannot take earlier results for inputs), filtered by the
 * glob; or library images in the order given, each once.
 */
export async function collectInputs(input: BatchInput, images: ImageLookup, exclude: string): Promise<CollectedInput[]> {
  if (input.type === 'images') {
    return [...new Set(input.imageIds)].map((id) => {
      const record = images.get(id);
      return { inputPath: record.path, relativePath: record.name, imageId: id };
    });
  }
  const root = resolve(input.folder);
  await assertFolder(root);
  const files = input.recursive ? await walkFiles(root) : await filesIn(root);
  const matches = input.glob === undefined ? () => true : globFilter(input.glob);
  const out = resolve(exclude);
  const collected: CollectedInput[] = [];
  for (const path of files) {
    if (isWithin(out, path)) continue;
    const relativePath = relative(root, path).split(sep).join('/');
    if (hasImageExtension(path) && matches(relativePath)) collected.push({ inputPath: path, relativePath, imageId: null });
  }
  return collected;
}
