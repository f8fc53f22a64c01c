import { basename, extname, join } from 'node:path';
import type { BatchFormat, ExportFormat } from '../../../src-shared/contract/index.js';
import { writableFormatOf } from '../../inpaint/inpaint-file.js';

/** File extension each written format gets (with `same`, the input keeps its own). */
const EXTENSION: Record<ExportFormat, string> = { png: '.png', jpeg: '.jpg', webp: '.webp', tiff: '.tif' };

export interface OutputFormat {
  format: ExportFormat;
  /** With the dot. */
  extension: string;
}

/** What an input is written as: a fixed format, or (`same`) its own where exports can write it, else PNG. */
export function outputFormat(format: BatchFormat, inputPath: string): OutputFormat {
  if (format !== 'same') return { format, extension: EXTENSION[format] };
  const own = writableFormatOf(inputPath);
  return own ? { format: own, extension: extname(inputPath) } : { format: 'png', extension: EXTENSION.png };
}

export interface NameTokens {
  /** The input's name without its extension. */
  name: string;
  /** The input's extension without the dot, lower case. */
  ext: string;
  /** Position in the job, from 1. */
  index: number;
  engine: string;
}

/** The tokens of the contract's NAME_PATTERN_TOKENS filled in (the pattern was validated by the contract). */
export function expandNamePattern(pattern: string, tokens: NameTokens): string {
  return pattern.replace(/\{(name|ext|index|engine)\}/g, (_, token: keyof NameTokens) =>
    token === 'index' ? String(tokens.index).padStart(4, '0') : String(tokens[token]),
  );
}

export interface PlannedInput {
  inputPath: string;
  /** `/`-separated, relative to the input folder. */
  relativePath: string;
}

export interface OutputPlan {
  folder: string;
  namePattern: string;
  format: BatchFormat;
  engine: string;
}

/**
 * Output paths for inputs at positions `firstIndex`, `firstIndex + 1`, …: the input's subfolder under the output
 * folder, the expanded name pattern and the format's extension. A path already in `taken` (compared without case, as
 * on macOS and Windows disks) gets ` (2)`, ` (3)`, … before its extension; `taken` is updated.
 */
export function planOutputs(inputs: readonly PlannedInput[], plan: OutputPlan, firstIndex: number, taken: Set<string>): string[] {
  return inputs.map((input, i) => {
    const file = basename(input.inputPath);
    const ext = extname(file);
    const name = expandNamePattern(plan.namePattern, {
      name: basename(file, ext),
      ext: ext.slice(1).toLowerCase(),
      index: firstIndex + i,
      engine: plan.engine,
    });
    const { extension } = outputFormat(plan.format, input.inputPath);
    const slash = input.relativePath.lastIndexOf('/');
    const folder = slash < 0 ? plan.folder : join(plan.folder, ...input.relativePath.slice(0, slash).split('/'));
    let path = join(folder, `${name}${extension}`);
    for (let n = 2; taken.has(path.toLowerCase()); n++) path = join(folder, `${name} (${n})${extension}`);
    taken.add(path.toLowerCase());
    return path;
  });
}
