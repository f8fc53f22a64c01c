import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NamePatternSchema } from '../../../src-shared/contract/index.js';
import { expandNamePattern, outputFormat, planOutputs } from './output-names.js';

describe('output names', () => {
  it('expands every token, padding the index', () => {
    expect(expandNamePattern('{name}_{engine}-{index}.{ext}', { name: 'IMG 1', ext: 'jpg', index: 7, engine: 'reference' })).toBe(
      'IMG 1_reference-0007.jpg',
    );
  });

  it('keeps a writable input format with `same` and its extension as written, else PNG', () => {
    expect(outputFormat('same', '/a/b.JPG')).toEqual({ format: 'jpeg', extension: '.JPG' });
    expect(outputFormat('same', '/a/b.gif')).toEqual({ format: 'png', extension: '.png' });
    expect(outputFormat('tiff', '/a/b.png')).toEqual({ format: 'tiff', extension: '.tif' });
    expect(outputFormat('jpeg', '/a/b.png')).toEqual({ format: 'jpeg', extension: '.jpg' });
  });

  it('mirrors the input tree and numbers names that would collide (without case)', () => {
    const inputs = [
      { inputPath: '/in/a.jpg', relativePath: 'a.jpg' },
      { inputPath: '/in/A.png', relativePath: 'A.png' },
      { inputPath: '/in/x/y/a.tif', relativePath: 'x/y/a.tif' },
    ];
    const taken = new Set<string>();
    const outputs = planOutputs(inputs, { folder: '/out', namePattern: '{name}_color', format: 'png', engine: 'reference' }, 1, taken);
    expect(outputs).toEqual(['/out/a_color.png', join('/out', 'A_color (2).png'), '/out/x/y/a_color.png']);
    // A later plan (a re-run adding files) keeps clear of what is taken.
    expect(planOutputs([{ inputPath: '/in/a.webp', relativePath: 'a.webp' }], { folder: '/out', namePattern: '{name}_color', format: 'png', engine: 'r' }, 4, taken)).toEqual([
      '/out/a_color (3).png',
    ]);
  });

  it('validates patterns in the contract', () => {
    expect(NamePatternSchema.safeParse('{name}_color').success).toBe(true);
    expect(NamePatternSchema.safeParse('{index}').success).toBe(true);
    for (const bad of ['fixed', '../{name}', '{name}/x', '.{name}', '{nmae}', '{name}:x']) {
      expect(NamePatternSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});
