import type { BatchFormat, BatchKind, InpaintMode, RequestOf } from '../../../src-shared/contract/index.js';
import { HINTS_ENGINE, MAX_REFERENCES, REFERENCE_ENGINE } from '../../../src-shared/models/engine-id.js';
import { EXPORT_FORMAT_OPTIONS } from './export-formats.js';

/**
 * The contract's defaults and lists for a new batch, written out because importing the schemas would pull zod into
 * the page; batch-form.test.ts fails when they drift from `batch.ts`.
 */
export const BATCH_DEFAULTS = {
  namePattern: '{name}',
  format: 'same',
  quality: 92,
  existing: 'skip',
  alreadyColour: 'skip',
  maskKind: 'mask',
  tolerance: 0,
  inpaintEngine: 'patchmatch',
  mode: 'fill',
} as const;

/** The output name tokens with what each becomes, for the help under the pattern field. */
export const NAME_TOKENS = [
  { token: '{name}', help: 'the file name without its extension (IMG_001)' },
  { token: '{ext}', help: 'the original extension, lower case (jpg)' },
  { token: '{index}', help: 'the position in the batch, 4 digits (0007)' },
  { token: '{engine}', help: 'the engine (reference, patchmatch, model-3)' },
] as const;

export const BATCH_FORMAT_OPTIONS = [
  { id: 'same', label: 'Same as the input' },
  ...EXPORT_FORMAT_OPTIONS.map(({ id, label }) => ({ id, label: id === 'tiff' ? 'TIFF (lossless)' : label })),
] as const satisfies readonly { id: BatchFormat; label: string }[];

/** Quality matters for JPEG and WebP (and for `same`, whose inputs may be either); PNG and TIFF are lossless here. */
export function qualityApplies(format: BatchFormat): boolean {
  return format === 'same' || format === 'jpeg' || format === 'webp';
}

/** A picked library image, as the form shows it. */
export interface PickedImage {
  id: number;
  name: string;
}

/** The New batch form; numbers are what the inputs hold (null while a field is empty). */
export interface BatchForm {
  kind: BatchKind;
  name: string;
  source: 'folder' | 'images';
  folder: string;
  recursive: boolean;
  glob: string;
  images: PickedImage[];
  outputFolder: string;
  namePattern: string;
  format: BatchFormat;
  quality: number | null;
  existing: 'skip' | 'overwrite';
  /** Continue an unfinished batch with the same settings instead of starting a second one. */
  resumeMatching: boolean;
  /** '' until the engines are listed, which preselects the default colorize model (the shipped Automatic one). */
  colorizeEngine: string;
  /** The colour-hint preset of the `hints` engine (null: none chosen). */
  hintsPresetId: number | null;
  referencePaths: string[];
  referenceImages: PickedImage[];
  alreadyColour: 'skip' | 'luminance';
  masksFolder: string;
  maskKind: 'mask' | 'green';
  tolerance: number | null;
  inpaintEngine: string;
  mode: InpaintMode;
}

export function defaultBatchForm(): BatchForm {
  const d = BATCH_DEFAULTS;
  return {
    kind: 'colorize',
    name: '',
    source: 'folder',
    folder: '',
    recursive: true,
    glob: '',
    images: [],
    outputFolder: '',
    namePattern: d.namePattern,
    format: d.format,
    quality: d.quality,
    existing: d.existing,
    resumeMatching: true,
    colorizeEngine: '',
    hintsPresetId: null,
    referencePaths: [],
    referenceImages: [],
    alreadyColour: d.alreadyColour,
    masksFolder: '',
    maskKind: d.maskKind,
    tolerance: d.tolerance,
    inpaintEngine: d.inpaintEngine,
    mode: d.mode,
  };
}

const KNOWN_TOKENS: readonly string[] = NAME_TOKENS.map((t) => t.token);

/** What is wrong with an output name pattern, by the contract's rules, or null. */
export function namePatternProblem(raw: string): string | null {
  const pattern = raw.trim();
  if (!pattern) return 'The name pattern is empty';
  if (pattern.length > 200) return 'The name pattern is longer than 200 characters';
  if (/[/\\:*?"<>|\u0000-\u001f]/.test(pattern)) return 'The name pattern may not contain / \\ : * ? " < > | or control characters';
  if (pattern.startsWith('.')) return 'The name pattern may not start with a dot';
  const unknown = (pattern.match(/\{[^}]*\}/g) ?? []).find((t) => !KNOWN_TOKENS.includes(t));
  if (unknown) return `Unknown token ${unknown} in the name pattern`;
  if (!pattern.includes('{name}') && !pattern.includes('{index}')) return 'The name pattern needs {name} or {index}, or every file would get the same name';
  return null;
}

/** Folders compare as the user typed them, without a trailing separator. */
function sameFolder(a: string, b: string): boolean {
  const norm = (p: string) => p.trim().replace(/[/\\]+$/, '');
  return norm(a) !== '' && norm(a) === norm(b);
}

/** The first thing that keeps the form from creating a batch, in the user's words; null when it can. */
export function batchFormProblem(form: BatchForm): string | null {
  if (form.source === 'folder' && !form.folder.trim()) return 'Choose the folder of photos';
  if (form.source === 'images' && form.images.length === 0) return 'Choose the library images';
  if (form.glob.trim().length > 200) return 'The filter is longer than 200 characters';
  if (!form.outputFolder.trim()) return 'Choose the output folder';
  if (form.source === 'folder' && sameFolder(form.folder, form.outputFolder)) return 'The output folder must not be the input folder';
  const pattern = namePatternProblem(form.namePattern);
  if (pattern) return pattern;
  if (qualityApplies(form.format)) {
    const q = form.quality;
    if (q === null || !Number.isInteger(q) || q < 1 || q > 100) return 'Quality must be a whole number from 1 to 100';
  }
  if (form.name.trim().length > 200) return 'The name is longer than 200 characters';
  if (form.kind === 'colorize') {
    const references = form.referencePaths.length + form.referenceImages.length;
    if (form.colorizeEngine === '') return 'Choose the colorization engine';
    if (form.colorizeEngine === REFERENCE_ENGINE && references === 0) return 'Add one or more colour reference photos';
    if (references > MAX_REFERENCES) return `At most ${MAX_REFERENCES} reference photos`;
    if (form.colorizeEngine === HINTS_ENGINE && form.hintsPresetId === null) return 'Choose a colour-hint preset (save one in the Editor)';
  } else {
    if (!form.masksFolder.trim()) return 'Choose the masks folder';
    const t = form.tolerance;
    if (form.maskKind === 'green' && (t === null || !Number.isInteger(t) || t < 0 || t > 128)) return 'Tolerance must be a whole number from 0 to 128';
  }
  return null;
}

/** The `batch.create` request for a form that `batchFormProblem` passed. */
export function batchCreateRequest(form: BatchForm): RequestOf<'batch.create'> {
  const name = form.name.trim();
  const glob = form.glob.trim();
  const input: RequestOf<'batch.create'>['input'] =
    form.source === 'folder'
      ? { type: 'folder', folder: form.folder.trim(), recursive: form.recursive, ...(glob ? { glob } : {}) }
      : { type: 'images', imageIds: form.images.map((i) => i.id) };
  const output: RequestOf<'batch.create'>['output'] = {
    folder: form.outputFolder.trim(),
    namePattern: form.namePattern.trim(),
    format: form.format,
    ...(qualityApplies(form.format) && form.quality !== null ? { quality: form.quality } : {}),
    existing: form.existing,
  };
  const useReferences = form.colorizeEngine === REFERENCE_ENGINE;
  const operation: RequestOf<'batch.create'>['operation'] =
    form.kind === 'colorize'
      ? {
          kind: 'colorize',
          engine: form.colorizeEngine,
          // Only the reference engine takes references; the service refuses them for a model.
          referencePaths: useReferences ? [...form.referencePaths] : [],
          referenceImageIds: useReferences ? form.referenceImages.map((i) => i.id) : [],
          alreadyColour: form.alreadyColour,
          // Only the hints engine takes a preset.
          ...(form.colorizeEngine === HINTS_ENGINE && form.hintsPresetId !== null ? { hintsPresetId: form.hintsPresetId } : {}),
        }
      : {
          kind: 'inpaint',
          masksFolder: form.masksFolder.trim(),
          maskKind: form.maskKind,
          ...(form.maskKind === 'green' && form.tolerance !== null ? { tolerance: form.tolerance } : {}),
          engine: form.inpaintEngine,
          mode: form.mode,
        };
  return { ...(name ? { name } : {}), input, output, operation, resumeMatching: form.resumeMatching };
}
