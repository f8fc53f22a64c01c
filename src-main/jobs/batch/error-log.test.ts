import { describe, expect, it } from 'vitest';
import type { BatchItem } from '../../../src-shared/contract/index.js';
import { formatErrorLog } from './error-log.js';
import { Throughput } from './throughput.js';

const item = (over: Partial<BatchItem>): BatchItem => ({
  id: 1,
  jobId: 3,
  index: 1,
  relativePath: 'a.jpg',
  inputPath: '/in/a.jpg',
  imageId: null,
  outputPath: '/out/a.jpg',
  status: 'failed',
  code: 'E_BAD_IMAGE',
  reason: 'truncated or corrupt JPEG: a.jpg',
  durationMs: 3,
  finishedAt: '2024-01-01T00:00:00.000Z',
  ...over,
});

describe('error log', () => {
  const job = { id: 3, name: 'scans: colorize', kind: 'colorize' as const };
  const items = [item({}), item({ index: 2, relativePath: 'sub/"odd", name.png', inputPath: '/in/sub/"odd", name.png', status: 'skipped', code: 'output-exists', reason: 'line one\nline two' })];

  it('writes CSV with a header, quoting what needs it', () => {
    const csv = formatErrorLog(job, items, 'csv');
    expect(csv.startsWith('\uFEFFindex,relativePath,inputPath,status,code,reason\r\n')).toBe(true);
    const rows = csv.slice(1).split('\r\n');
    expect(rows[1]).toBe('1,a.jpg,/in/a.jpg,failed,E_BAD_IMAGE,truncated or corrupt JPEG: a.jpg');
    expect(rows[2]).toBe('2,"sub/""odd"", name.png","/in/sub/""odd"", name.png",skipped,output-exists,"line one\nline two"');
  });

  it('writes JSON with the job and its entries', () => {
    const parsed = JSON.parse(formatErrorLog(job, items, 'json')) as { job: unknown; entries: { code: string }[] };
    expect(parsed.job).toEqual(job);
    expect(parsed.entries.map((e) => e.code)).toEqual(['E_BAD_IMAGE', 'output-exists']);
  });
});

describe('Throughput', () => {
  it('gives files per minute over recent files and the time left at that pace', () => {
    const meter = new Throughput(0);
    expect(meter.imagesPerMinute()).toBeNull();
    expect(meter.etaSeconds(5)).toBeNull();
    meter.record(2000);
    meter.record(4000);
    expect(meter.imagesPerMinute()).toBe(30);
    expect(meter.etaSeconds(10)).toBe(20);
    expect(meter.etaSeconds(0)).toBe(0);
    // Only the last 20 intervals count: a slow start is forgotten.
    for (let t = 5000; t <= 24000; t += 1000) meter.record(t);
    expect(meter.imagesPerMinute()).toBe(60);
  });
});
