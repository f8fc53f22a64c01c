import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration } from './format.js';

describe('formatDuration', () => {
  it('reads like a clock at every scale', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(41.6)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(2 * 3600 + 7 * 60 + 59)).toBe('2 h 07 min');
    expect(formatDuration(-3)).toBe('0 s');
  });
});

describe('formatCount', () => {
  it('shortens large counts', () => {
    expect(formatCount(950)).toBe('950');
    expect(formatCount(1234)).toBe('1.2k');
    expect(formatCount(262_145)).toBe('262k');
    expect(formatCount(4_100_000)).toBe('4.1M');
  });
});
