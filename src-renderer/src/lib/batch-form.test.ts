import { describe, expect, it } from 'vitest';
import {
  BATCH_FORMATS,
  BatchOutputSchema,
  batchChannels,
  ColorizeBatchOperationSchema,
  InpaintBatchOperationSchema,
  NAME_PATTERN_TOKENS,
  NamePatternSchema,
} from '../../../src-shared/contract/batch.js';
import { MAX_REFERENCES } from '../../../src-shared/models/engine-id.js';
import {
  BATCH_DEFAULTS,
  BATCH_FORMAT_OPTIONS,
  batchCreateRequest,
  batchFormProblem,
  defaultBatchForm,
  NAME_TOKENS,
  namePatternProblem,
  qualityApplies,
  type BatchForm,
} from './batch-form.js';

const CreateRequest = batchChannels['batch.create'].request;

function colorizeForm(change: Partial<BatchForm> = {}): BatchForm {
  return { ...defaultBatchForm(), folder: '/scans', outputFolder: '/out', colorizeEngine: 'reference', referencePaths: ['/ref.jpg'], ...change };
}

describe('batch form', () => {
  it('starts from the contract defaults and lists', () => {
    const output = BatchOutputSchema.parse({ folder: '/out' });
    const colorize = ColorizeBatchOperationSchema.parse({ kind: 'colorize', engine: 'reference' });
    const inpaint = InpaintBatchOperationSchema.parse({ kind: 'inpaint', masksFolder: '/masks' });
    expect(BATCH_DEFAULTS).toEqual({
      namePattern: output.namePattern,
      format: output.format,
      quality: output.quality,
      existing: output.existing,
      alreadyColour: colorize.alreadyColour,
      maskKind: inpaint.maskKind,
      tolerance: inpaint.tolerance,
      inpaintEngine: inpaint.engine,
      mode: inpaint.mode,
    });
    expect(NAME_TOKENS.map((t) => t.token)).toEqual([...NAME_PATTERN_TOKENS]);
    expect(BATCH_FORMAT_OPTIONS.map((f) => f.id)).toEqual([...BATCH_FORMATS]);
    expect(ColorizeBatchOperationSchema.shape.referencePaths.safeParse(Array(MAX_REFERENCES + 1).fill('/r.jpg')).success).toBe(false);
    expect(ColorizeBatchOperationSchema.shape.referencePaths.safeParse(Array(MAX_REFERENCES).fill('/r.jpg')).success).toBe(true);
  });

  it('judges name patterns as the contract does', () => {
    const patterns = ['{name}', '{index}', ' {name}-colour ', '{name}_{engine}_{ext}', '', '   ', 'photo', 'a/{name}', 'x:{name}', '.{name}', '{nam}', '{name}{size}', 'x'.repeat(201) + '{name}', '{name}\u0007'];
    for (const pattern of patterns) {
      expect(namePatternProblem(pattern) === null, pattern).toBe(NamePatternSchema.safeParse(pattern).success);
    }
    expect(namePatternProblem('{nam}')).toBe('Unknown token {nam} in the name pattern');
    expect(namePatternProblem('photo')).toMatch(/needs \{name\} or \{index\}/);
  });

  it('asks for quality only where it matters', () => {
    expect(['same', 'jpeg', 'webp'].every((f) => qualityApplies(f as BatchForm['format']))).toBe(true);
    expect(qualityApplies('png') || qualityApplies('tiff')).toBe(false);
  });

  it('builds a colorize request from a folder that the contract accepts', () => {
    const form = colorizeForm({ name: '  Family scans ', folder: ' /scans ', glob: ' *.jpg ', referenceImages: [{ id: 4, name: 'sky.jpg' }], format: 'jpeg', quality: 80 });
    const request = CreateRequest.parse(batchCreateRequest(form));
    expect(request).toEqual({
      name: 'Family scans',
      input: { type: 'folder', folder: '/scans', recursive: true, glob: '*.jpg' },
      output: { folder: '/out', namePattern: '{name}', format: 'jpeg', quality: 80, existing: 'skip' },
      operation: { kind: 'colorize', engine: 'reference', referencePaths: ['/ref.jpg'], referenceImageIds: [4], alreadyColour: 'skip' },
      resumeMatching: true,
    });
  });

  it('leaves references out for a model, and lossless formats without quality', () => {
    const request = batchCreateRequest(colorizeForm({ colorizeEngine: 'model-3', format: 'png', quality: 10, source: 'images', images: [{ id: 1, name: 'a' }, { id: 2, name: 'b' }], resumeMatching: false }));
    const parsed = CreateRequest.parse(request);
    expect(parsed.input).toEqual({ type: 'images', imageIds: [1, 2] });
    expect(parsed.operation).toMatchObject({ engine: 'model-3', referencePaths: [], referenceImageIds: [] });
    expect(request.output.quality).toBeUndefined();
    expect(parsed.resumeMatching).toBe(false);
    expect(request.name).toBeUndefined();
  });

  it('sends a hint preset with the hints engine only, and asks for one', () => {
    const hints = CreateRequest.parse(batchCreateRequest(colorizeForm({ colorizeEngine: 'hints', hintsPresetId: 7 })));
    expect(hints.operation).toMatchObject({ engine: 'hints', hintsPresetId: 7, referencePaths: [], referenceImageIds: [] });
    expect(batchCreateRequest(colorizeForm({ hintsPresetId: 7 })).operation).not.toHaveProperty('hintsPresetId');
    expect(batchFormProblem(colorizeForm({ colorizeEngine: 'hints' }))).toMatch(/^Choose a colour-hint preset/);
    expect(batchFormProblem(colorizeForm({ colorizeEngine: 'hints', hintsPresetId: 7 }))).toBeNull();
  });

  it('builds an inpaint request with the masks folder, green tolerance and mode', () => {
    const form = colorizeForm({ kind: 'inpaint', masksFolder: '/masks', maskKind: 'green', tolerance: 40, mode: 'mosaic', recursive: false });
    const parsed = CreateRequest.parse(batchCreateRequest(form));
    expect(parsed.operation).toEqual({ kind: 'inpaint', masksFolder: '/masks', maskKind: 'green', tolerance: 40, engine: 'patchmatch', mode: 'mosaic', seed: 1 });
    expect(parsed.input).toEqual({ type: 'folder', folder: '/scans', recursive: false });
  });

  it('names the first thing that keeps a batch from being created', () => {
    expect(batchFormProblem(colorizeForm())).toBeNull();
    expect(batchFormProblem(defaultBatchForm())).toBe('Choose the folder of photos');
    expect(batchFormProblem(colorizeForm({ source: 'images' }))).toBe('Choose the library images');
    expect(batchFormProblem(colorizeForm({ outputFolder: ' ' }))).toBe('Choose the output folder');
    expect(batchFormProblem(colorizeForm({ outputFolder: '/scans/' }))).toBe('The output folder must not be the input folder');
    expect(batchFormProblem(colorizeForm({ namePattern: 'same' }))).toMatch(/needs \{name\}/);
    expect(batchFormProblem(colorizeForm({ quality: null }))).toMatch(/^Quality/);
    expect(batchFormProblem(colorizeForm({ quality: null, format: 'png' }))).toBeNull();
    expect(batchFormProblem(colorizeForm({ referencePaths: [] }))).toBe('Add one or more colour reference photos');
    expect(batchFormProblem(colorizeForm({ colorizeEngine: '' }))).toBe('Choose the colorization engine');
    expect(batchFormProblem(colorizeForm({ referencePaths: [], colorizeEngine: 'model-1' }))).toBeNull();
    expect(batchFormProblem(colorizeForm({ referencePaths: Array(17).fill('/r.jpg') }))).toBe('At most 16 reference photos');
    expect(batchFormProblem(colorizeForm({ kind: 'inpaint' }))).toBe('Choose the masks folder');
    expect(batchFormProblem(colorizeForm({ kind: 'inpaint', masksFolder: '/m', maskKind: 'green', tolerance: 129 }))).toMatch(/^Tolerance/);
    expect(batchFormProblem(colorizeForm({ kind: 'inpaint', masksFolder: '/m', tolerance: null }))).toBeNull();
  });
});
