import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { gradient, rectMask, stripes } from '../engines/inpaint/test-fixtures.js';
import { inpaintInWorker } from './inpaint-in-worker.js';

/** A worker from inline CommonJS source, for the ways a real one can misbehave. */
function evalWorker(source: string): () => Worker {
  return () => new Worker(`const { parentPort } = require('node:worker_threads');\n${source}`, { eval: true });
}

async function codeOf(promise: Promise<unknown>): Promise<string | null> {
  try {
    await promise;
    return null;
  } catch (err) {
    return (err as { code?: string }).code ?? 'no code';
  }
}

describe('inpaintInWorker', () => {
  it('runs a real engine in a worker thread, reports progress and keeps unmasked pixels', async () => {
    const image = gradient(48, 32);
    const source = new Uint8Array(image.data);
    const mask = rectMask(48, 32, 20, 10, 28, 18);
    const holes = new Uint8Array(mask);
    const progress: number[] = [];
    const out = await inpaintInWorker(
      { engine: 'diffusion', mode: 'fill', seed: 1, image, mask },
      { onProgress: (fraction) => progress.push(fraction) },
    );
    expect([out.width, out.height]).toEqual([48, 32]);
    for (let p = 0; p < holes.length; p++) {
      if (holes[p] !== 0) continue;
      expect([...out.data.subarray(p * 3, p * 3 + 3)]).toEqual([...source.subarray(p * 3, p * 3 + 3)]);
    }
    expect(progress.at(-1)).toBe(1);
  });

  it('answers an engine error with its code (unknown engine: E_NOT_FOUND)', async () => {
    const request = { engine: 'nope', mode: 'fill' as const, seed: 1, image: gradient(8, 8), mask: rectMask(8, 8, 2, 2, 4, 4) };
    expect(await codeOf(inpaintInWorker(request))).toBe('E_NOT_FOUND');
  });

  it('cancels a running PatchMatch search with E_CANCELLED', async () => {
    const controller = new AbortController();
    const request = { engine: 'patchmatch', mode: 'fill' as const, seed: 1, image: stripes(320, 240), mask: rectMask(320, 240, 60, 60, 260, 180) };
    const started = Date.now();
    const run = inpaintInWorker(request, { signal: controller.signal, onProgress: () => controller.abort() });
    expect(await codeOf(run)).toBe('E_CANCELLED');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('terminates a worker that ignores cancel after the grace period', async () => {
    const controller = new AbortController();
    const busy = evalWorker(`parentPort.on('message', (m) => { if (m.type === 'run') { parentPort.postMessage({ type: 'progress', runId: m.runId, fraction: 0, stage: 'stuck' }); const end = Date.now() + 60000; while (Date.now() < end); } });`);
    const request = { engine: 'diffusion', mode: 'fill' as const, seed: 1, image: gradient(8, 8), mask: rectMask(8, 8, 2, 2, 4, 4) };
    const started = Date.now();
    const run = inpaintInWorker(request, { signal: controller.signal, spawn: busy, cancelGraceMs: 200, onProgress: () => controller.abort() });
    expect(await codeOf(run)).toBe('E_CANCELLED');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('turns a crash or a silent exit into E_INTERNAL with the reason', async () => {
    const request = () => ({ engine: 'diffusion', mode: 'fill' as const, seed: 1, image: gradient(8, 8), mask: rectMask(8, 8, 2, 2, 4, 4) });
    const crash = evalWorker(`parentPort.on('message', () => { throw new Error('engine exploded'); });`);
    await expect(inpaintInWorker(request(), { spawn: crash })).rejects.toMatchObject({ code: 'E_INTERNAL', message: expect.stringContaining('engine exploded') });
    const exit = evalWorker(`parentPort.on('message', () => process.exit(3));`);
    await expect(inpaintInWorker(request(), { spawn: exit })).rejects.toMatchObject({ code: 'E_INTERNAL', message: expect.stringContaining('exit code 3') });
    // The process is fine afterwards: a real run still works.
    const out = await inpaintInWorker(request());
    expect(out.width).toBe(8);
  });
});
