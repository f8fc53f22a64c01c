import { describe, expect, it } from 'vitest';
import { logFileName } from './batch-log.js';

describe('logFileName', () => {
  it('makes a safe file name from the job name', () => {
    expect(logFileName('scans: colorize', 'csv')).toBe('scans-colorize-log.csv');
    expect(logFileName('a/b\\c*?"<>|', 'json')).toBe('a-b-c-log.json');
    expect(logFileName('..hidden', 'csv')).toBe('hidden-log.csv');
    expect(logFileName('  ', 'csv')).toBe('batch-log.csv');
    expect(logFileName('x'.repeat(300), 'csv')).toBe(`${'x'.repeat(100)}-log.csv`);
  });
});
