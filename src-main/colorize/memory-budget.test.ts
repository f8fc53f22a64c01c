import { describe, expect, it } from 'vitest';
import { ColorizeWorker } from './colorize-in-worker.js';
import { assertColorizeFits, colorizePixelLimit } from './memory-budget.js';

const GiB = 2 ** 30;

describe('colorize memory budget', () => {
  it('refuses the reported 16000×16000 photo on an 8 GB machine, saying the limit, and takes a 36 MP one', () => {
    expect(colorizePixelLimit(8 * GiB)).toBeGreaterThan(36e6);
    expect(() => assertColorizeFits(7360, 4912, 8 * GiB)).not.toThrow();
    let error: unknown;
    try {
      assertColorizeFits(16000, 16000, 8 * GiB);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({
      code: 'E_IMAGE_TOO_LARGE',
      message: expect.stringMatching(/16000×16000 \(256 MP\) would need about 12\.8 GB of memory; with 8\.6 GB in this machine, colorize takes photos up to 86 MP/),
      details: { width: 16000, height: 16000, maxPixels: colorizePixelLimit(8 * GiB) },
    });
  });

  it('scales with the machine: twice the memory, twice the pixels', () => {
    expect(colorizePixelLimit(32 * GiB) / colorizePixelLimit(16 * GiB)).toBeCloseTo(2, 6);
  });

  it('is applied before a photo reaches the colorization worker', async () => {
    const worker = new ColorizeWorker({
      spawn: () => {
        throw new Error('the worker must not start for a photo over the budget');
      },
    });
    // No pixels are allocated: the budget reads only the size.
    const huge = { width: 100_000, height: 100_000, data: new Uint8Array(3) };
    await expect(worker.colorize(huge, { kind: 'reference', references: [], seed: 1 })).rejects.toMatchObject({ code: 'E_IMAGE_TOO_LARGE' });
    await worker.close();
  });
});
