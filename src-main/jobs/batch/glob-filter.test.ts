import { describe, expect, it } from 'vitest';
import { globFilter } from './glob-filter.js';

describe('globFilter', () => {
  it('matches a name-only pattern against the file name, ignoring case', () => {
    const jpg = globFilter('*.jpg');
    expect(jpg('a.jpg')).toBe(true);
    expect(jpg('deep/sub/IMG_1.JPG')).toBe(true);
    expect(jpg('a.jpeg')).toBe(false);
    expect(globFilter('scan-??.{png,tif}')('x/scan-07.TIF')).toBe(true);
    expect(globFilter('scan-??.{png,tif}')('scan-7.png')).toBe(false);
  });

  it('matches a pattern with folders against the whole relative path, ** across folders', () => {
    const under = globFilter('1950s/**/*.png');
    expect(under('1950s/a.png')).toBe(true);
    expect(under('1950s/x/y/a.png')).toBe(true);
    expect(under('1960s/a.png')).toBe(false);
    expect(globFilter('*/a.png')('x/y/a.png')).toBe(false);
    expect(globFilter('a+b (1).png')('a+b (1).png')).toBe(true);
  });

  it('refuses an unclosed alternative', () => {
    expect(() => globFilter('*.{jpg')).toThrow(/Unclosed/);
  });
});
