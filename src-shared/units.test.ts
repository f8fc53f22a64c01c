import { describe, expect, it } from 'vitest';
import { formatMegapixels } from './units.js';

describe('formatMegapixels', () => {
  it('rounds to whole megapixels from 10 MP, one decimal below', () => {
    expect(formatMegapixels(16384 * 16384)).toBe('268 MP');
    expect(formatMegapixels(7360 * 4912)).toBe('36 MP');
    expect(formatMegapixels(1920 * 1080)).toBe('2.1 MP');
    expect(formatMegapixels(640 * 480)).toBe('0.3 MP');
  });
});
