import { describe, expect, it } from 'vitest';
import { dayFolder, safeFileName } from './upload-store.js';

describe('safeFileName', () => {
  it.each([
    ['../../evil.png', 'evil.png'],
    ['..\\..\\windows\\evil.png', 'evil.png'],
    ['..', 'upload'],
    ['', 'upload'],
    ['.bashrc', 'bashrc'],
    ['a<b>:c"d|e?f*g\u0001.png', 'a_b__c_d_e_f_g_.png'],
    ['café-日本.png', 'café-日本.png'],
    ['CON.png', '_CON.png'],
    ['photo.png. ', 'photo.png'],
  ])('%j -> %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it('bounds long names and keeps the extension', () => {
    const name = safeFileName(`${'x'.repeat(300)}.jpeg`);
    expect(name).toHaveLength(120);
    expect(name.endsWith('.jpeg')).toBe(true);
  });
});

describe('dayFolder', () => {
  it('is the local calendar day', () => {
    expect(dayFolder(new Date(2024, 0, 5, 23, 59))).toBe('2024-01-05');
  });
});
