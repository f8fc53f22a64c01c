import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ColorizeEngineSpec } from '../../src-shared/workers/colorize-messages.js';
import { luminanceOnly, rgbToLab } from '../color/lab.js';
import { meanChroma } from '../engines/colorize/reference-transfer.js';
import { writeLinearAbModel } from '../engines/colorize/test-models.js';
import type { RgbImage } from '../engines/inpaint/engine.js';
import { gradient, makeImage } from '../engines/inpaint/test-fixtures.js';
import { tempDir } from '../images/test-images.js';
import { ColorizeWorker } from './colorize-in-worker.js';

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

function median(values: Float32Array): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** A grey photo-like picture: smooth shading plus a bright square. */
function greyScene(width: number, height: number): RgbImage {
  return luminanceOnly(makeImage(width, height, (x, y) => (x > width / 3 && x < width / 2 && y > height / 3 ? [230, 230, 230] : [40 + (x % 150), 90, 60 + (y % 120)])));
}

const SIZE = 16;

describe('ColorizeWorker (real worker thread)', () => {
  let modelDir: string;
  let otherModelDir: string;
  const colorizer = new ColorizeWorker();

  beforeAll(async () => {
    modelDir = await writeLinearAbModel(tempDir('colorize-model'), SIZE, { a: 25, b: 10 });
    otherModelDir = await writeLinearAbModel(tempDir('colorize-model-2'), SIZE, { a: -10, b: -25 });
  });

  afterAll(() => colorizer.close());

  const model = (dir: string): ColorizeEngineSpec => ({ kind: 'model', modelDir: dir, backend: 'auto' });

  it('colorizes from reference photos, keeping the size and the luminance', async () => {
    const target = luminanceOnly(gradient(64, 48));
    const before = Array.from(rgbToLab(target).L);
    const reference = makeImage(40, 30, (x) => (x < 20 ? [200, 60, 40] : [40, 90, 200]));
    const out = await colorizer.colorize(target, { kind: 'reference', references: [reference], seed: 1 });
    expect([out.width, out.height]).toEqual([64, 48]);
    expect(meanChroma(out)).toBeGreaterThan(5);
    const after = rgbToLab(out).L;
    expect(before.every((l, i) => Math.abs(l - (after[i] as number)) <= 1)).toBe(true);
    // The reference was copied, not moved: a batch can send it again.
    expect(reference.data.length).toBe(40 * 30 * 3);
  });

  it('loads a model once and reuses it for every photo of a batch; another model replaces it', async () => {
    const stagesOf = async (dir: string, image: RgbImage) => {
      const stages = new Set<string>();
      const out = await colorizer.colorize(image, model(dir), { onProgress: (_, stage) => stages.add(stage) });
      return { out, stages };
    };
    const first = await stagesOf(modelDir, greyScene(90, 60));
    expect(first.stages.has('loading model')).toBe(true);
    expect([first.out.width, first.out.height]).toEqual([90, 60]);
    expect(median(rgbToLab(first.out).a)).toBeCloseTo(25, 0);
    for (let i = 0; i < 3; i++) {
      const next = await stagesOf(modelDir, greyScene(70, 50));
      expect(next.stages.has('loading model')).toBe(false);
      expect(next.stages.has('predicting colour')).toBe(true);
    }
    const other = await stagesOf(otherModelDir, greyScene(50, 50));
    expect(other.stages.has('loading model')).toBe(true);
    expect(median(rgbToLab(other.out).b)).toBeCloseTo(-25, 0);
  });

  it('checks a model up front with load(): an unusable folder is E_BAD_MODEL', async () => {
    await expect(colorizer.load({ kind: 'model', modelDir: modelDir, backend: 'auto' })).resolves.toBeUndefined();
    expect(await codeOf(colorizer.load({ kind: 'model', modelDir: tempDir('not-a-model'), backend: 'auto' }))).toBe('E_BAD_MODEL');
    // The worker is fine afterwards.
    const out = await colorizer.colorize(greyScene(20, 20), model(modelDir));
    expect(out.width).toBe(20);
  });

  it('cancels a model run between its stages, and the next run on the same worker works', async () => {
    const controller = new AbortController();
    const run = colorizer.colorize(greyScene(1600, 1200), model(modelDir), {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(await codeOf(run)).toBe('E_CANCELLED');
    const stages = new Set<string>();
    await colorizer.colorize(greyScene(30, 30), model(modelDir), { onProgress: (_, stage) => stages.add(stage) });
    // Cancelled cooperatively: the worker (and its loaded model) survived.
    expect(stages.has('loading model')).toBe(false);
  });

  it('fails a call cancelled while it waits for the one before it, without running it', async () => {
    const controller = new AbortController();
    const first = colorizer.colorize(greyScene(200, 200), model(modelDir));
    const second = colorizer.colorize(greyScene(20, 20), model(modelDir), { signal: controller.signal });
    controller.abort();
    expect(await codeOf(second)).toBe('E_CANCELLED');
    expect((await first).width).toBe(200);
  });
});

describe('ColorizeWorker with misbehaving workers', () => {
  const engine: ColorizeEngineSpec = { kind: 'reference', references: [gradient(8, 8)], seed: 1 };

  it('terminates a worker that ignores cancel after the grace period', async () => {
    const busy = evalWorker(
      `parentPort.on('message', (m) => { if (m.type === 'run') { parentPort.postMessage({ type: 'progress', runId: m.runId, fraction: 0, stage: 'stuck' }); const end = Date.now() + 60000; while (Date.now() < end); } });`,
    );
    const colorizer = new ColorizeWorker({ spawn: busy, cancelGraceMs: 200 });
    const controller = new AbortController();
    const started = Date.now();
    const run = colorizer.colorize(gradient(8, 8), engine, { signal: controller.signal, onProgress: () => controller.abort() });
    expect(await codeOf(run)).toBe('E_CANCELLED');
    expect(Date.now() - started).toBeLessThan(5_000);
    await colorizer.close();
  });

  it('turns a crash into E_INTERNAL and starts a fresh worker for the next call', async () => {
    let spawned = 0;
    const crashOnce = () => {
      spawned++;
      return spawned === 1
        ? evalWorker(`parentPort.on('message', () => { throw new Error('engine exploded'); });`)()
        : evalWorker(`parentPort.on('message', (m) => parentPort.postMessage({ type: 'done', runId: m.runId, image: m.image }));`)();
    };
    const colorizer = new ColorizeWorker({ spawn: crashOnce });
    await expect(colorizer.colorize(gradient(8, 8), engine)).rejects.toMatchObject({ code: 'E_INTERNAL', message: expect.stringContaining('engine exploded') });
    const out = await colorizer.colorize(gradient(8, 8), engine);
    expect(out.width).toBe(8);
    expect(spawned).toBe(2);
    await colorizer.close();
  });

  it('ignores a stray reply of another run, and close() fails the call in flight with E_CANCELLED', async () => {
    const stray = evalWorker(`parentPort.on('message', (m) => parentPort.postMessage({ type: 'done', runId: m.runId + 1000, image: m.image }));`);
    const colorizer = new ColorizeWorker({ spawn: stray });
    const code = codeOf(colorizer.colorize(gradient(8, 8), engine));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await colorizer.close();
    expect(await code).toBe('E_CANCELLED');
  });
});
