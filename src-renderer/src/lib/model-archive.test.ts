import { describe, expect, it } from 'vitest';
import { MODEL_ARCHIVE_EXTENSION as SHARED_EXTENSION } from '../../../src-shared/models/manifest.js';
import { MODEL_ARCHIVE_EXTENSION, modelArchiveName } from './model-archive.js';

describe('model archive names', () => {
  it('uses the extension the importer expects', () => {
    expect(MODEL_ARCHIVE_EXTENSION).toBe(SHARED_EXTENSION);
  });

  it('keeps readable names and replaces what file systems refuse', () => {
    expect(modelArchiveName('Family photos 128px')).toBe('Family photos 128px.kintsugi-model');
    expect(modelArchiveName('sky/foliage: v2?')).toBe('sky-foliage- v2.kintsugi-model');
    expect(modelArchiveName('  ..  ')).toBe('model.kintsugi-model');
    expect(modelArchiveName('Ölbaum été')).toBe('Ölbaum été.kintsugi-model');
    expect(modelArchiveName('x'.repeat(300))).toHaveLength(120 + MODEL_ARCHIVE_EXTENSION.length);
  });
});
