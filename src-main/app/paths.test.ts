import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, SHIPPED_MODELS_ENV, shippedDefaultsDir, shippedModelsDir } from './paths.js';

describe('shipped models folder', () => {
  it('is models/ of the source tree outside a packaged app, with the shipped defaults in models/shipped', () => {
    expect(shippedModelsDir()).toBe(join(PROJECT_ROOT, 'models'));
    expect(shippedDefaultsDir({})).toBe(join(PROJECT_ROOT, 'models', 'shipped'));
  });

  it(`follows ${SHIPPED_MODELS_ENV}: another folder, or none when empty`, () => {
    expect(shippedDefaultsDir({ [SHIPPED_MODELS_ENV]: '/elsewhere' })).toBe('/elsewhere');
    expect(shippedDefaultsDir({ [SHIPPED_MODELS_ENV]: '' })).toBeNull();
  });
});
